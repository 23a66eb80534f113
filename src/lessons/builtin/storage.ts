import ebsZeroing from './ebs-zeroing.json';
import ebsSnapshotsAndEncryption from './ebs-snapshots-and-encryption.json';

/** Built-in lessons of this area: import each JSON file and list it here. */
export const storageLessons: readonly unknown[] = [ebsZeroing, ebsSnapshotsAndEncryption];
