import ringsPvVsHvm from './rings-pv-vs-hvm.json';
import ioSplitDrivers from './io-split-drivers.json';
import xenToNitro from './xen-to-nitro.json';
import whoCanTouchWhat from './who-can-touch-what.json';

/** Built-in lessons of the virtualization area (issue 3). */
export const virtualizationLessons: readonly unknown[] = [ringsPvVsHvm, ioSplitDrivers, xenToNitro, whoCanTouchWhat];
