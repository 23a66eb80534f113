import type { FactTopic } from './types';

const EBS_INIT = 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-initialize.html';
const EBS_ENCRYPTION_WORKS = 'https://docs.aws.amazon.com/ebs/latest/userguide/how-ebs-encryption-works.html';
const EBS_ENCRYPTION = 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html';
const EBS_COPY = 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html';
const KMS_UNUSABLE = 'https://docs.aws.amazon.com/kms/latest/developerguide/unusable-kms-keys.html';
const KMS_DELETE = 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html';
const KMS_IMPORTED = 'https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html';
const KMS_ENABLE = 'https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html';
const NITRO_WHITEPAPER = 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/security-design-of-aws-nitro-system.html';
const SECURITY_PROCESSES = 'https://d1.awsstatic.com/whitepapers/Security/AWS_Security_Whitepaper.pdf';

/** EBS volumes, snapshots, KMS keys and instance storage: what keeps one tenant's bytes from the next. */
export const STORAGE_FACTS: FactTopic = {
  id: 'storage',
  title: 'Storage: EBS, snapshots, KMS and instance storage',
  facts: [
    {
      id: 'ebs-wiped-before-reuse',
      title: 'EBS blocks are wiped before reuse',
      statement:
        'AWS states that EBS volumes are presented as raw block devices that were wiped before being made available, and that its storage virtualization layer resets every block a customer used, so that one customer\'s data is never exposed to another. How and when the wipe runs inside EBS is not published.',
      sources: [
        { title: 'Amazon Web Services: Overview of Security Processes (whitepaper)', url: SECURITY_PROCESSES, asOf: '2013–2017 editions' },
        { title: 'AWS Security Best Practices (whitepaper), "Protecting data at rest on Amazon EBS"', url: 'https://d1.awsstatic.com/whitepapers/aws-security-best-practices.pdf', asOf: '2016-08' },
      ],
    },
    {
      id: 'ebs-new-volume-zeros',
      title: 'A new volume reads zeros (model)',
      statement:
        'In the simulator a block nobody wrote reads as zeros. AWS says blocks are "wiped" but does not say "zeros" in so many words; zeros are the model\'s reading of that statement.',
      modelAssumption: true,
      sources: [{ title: 'Initialize Amazon EBS volumes', url: EBS_INIT, asOf: '2024' }],
    },
    {
      id: 'ebs-allocation-model',
      title: 'First-use allocation and a background wiper (model)',
      statement:
        'The simulator allocates a volume\'s physical blocks when each is first used, puts a deleted volume\'s blocks back dirty, and lets a background wiper erase them before any reuse. AWS does not publish how EBS allocates or wipes blocks internally; this is the model\'s assumption, chosen to make the "wiped before reuse" guarantee visible.',
      modelAssumption: true,
      sources: [{ title: 'Amazon Web Services: Overview of Security Processes (whitepaper)', url: SECURITY_PROCESSES, asOf: '2013–2017 editions' }],
    },
    {
      id: 'ebs-replicated-in-az',
      title: 'An EBS volume is replicated within its Availability Zone',
      statement:
        'An EBS volume is not stored on a single server: EBS replicates each volume across multiple servers in its Availability Zone. The simulator draws one storage node per volume only to keep the picture readable.',
      sources: [{ title: 'Amazon EBS features / Amazon EBS volumes', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volumes.html', asOf: '2024' }],
    },
    {
      id: 'ebs-first-touch-history',
      title: 'History: new volumes were wiped on first touch',
      statement:
        'EBS documentation before about 2016 said that the first access to each block of a new volume had to wipe it clean (and of a restored volume, fetch it from the snapshot), costing 5 to 50 percent of IOPS, so writing every block once ("pre-warming") was recommended. This was the Xen era of EC2, before Nitro (2017). Current documentation says empty volumes get full performance at once and need no initialization.',
      applies: 'about 2010 – 2016 (EBS pre-warming documentation)',
      sources: [
        { title: 'EBS Pre-Warming (reproduction of the former AWS documentation text)', url: 'https://blog.ecloudgate.com/ebs-pre-warming/', asOf: 'before 2016' },
        { title: 'Initialize Amazon EBS volumes', url: EBS_INIT, asOf: '2024' },
      ],
    },
    {
      id: 'ebs-empty-volumes-full-speed',
      title: 'Empty volumes need no initialization',
      statement: 'Today an empty EBS volume delivers its full performance as soon as it is created; initialization (formerly pre-warming) is needed only for volumes restored from snapshots.',
      applies: 'documented since 2018 at least',
      sources: [{ title: 'Initialize Amazon EBS volumes', url: EBS_INIT, asOf: '2024' }],
    },
    {
      id: 'ebs-snapshot-lazy-load',
      title: 'Restored volumes load lazily',
      statement:
        'A volume restored from a snapshot exists at once, but its blocks are fetched from the snapshot in Amazon S3 the first time each is read, which makes that first read slow. Reading every block once (dd, or fio which is faster), Fast Snapshot Restore, or a provisioned initialization rate of 100–300 MiB/s avoid the slow first touches.',
      sources: [
        { title: 'Initialize Amazon EBS volumes', url: EBS_INIT, asOf: '2025' },
        { title: 'Amazon EBS fast snapshot restore', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-fast-snapshot-restore.html', asOf: '2024' },
      ],
    },
    {
      id: 'ebs-snapshots-incremental',
      title: 'Snapshots are incremental',
      statement: 'EBS snapshots are stored in Amazon S3 and are incremental: a snapshot stores only the blocks changed since the previous snapshot of the same volume. Copies to another Region or under a new KMS key are full copies.',
      sources: [
        { title: 'How Amazon EBS snapshots work', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/how_snapshots_work.html', asOf: '2024' },
        { title: 'Copy an Amazon EBS snapshot', url: EBS_COPY, asOf: '2024' },
      ],
    },
    {
      id: 'ebs-no-in-place-encryption',
      title: 'Encryption is chosen at creation, never removed',
      statement:
        'An existing unencrypted volume or snapshot cannot be encrypted in place; the way is an encrypted snapshot copy (or an encrypted volume created from the snapshot), then a swap. Encryption can never be removed from an encrypted volume or snapshot.',
      sources: [
        { title: 'Amazon EBS encryption', url: EBS_ENCRYPTION, asOf: '2024' },
        { title: 'Amazon EBS encryption examples', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-examples.html', asOf: '2024' },
      ],
    },
    {
      id: 'ebs-data-keys',
      title: 'Data keys: per volume, shared with its snapshots',
      statement:
        'EBS encrypts a volume with a data key that AWS KMS generates and encrypts under a KMS key. Snapshots of the volume are encrypted with it, and a volume restored from such a snapshot under the same KMS key reuses the snapshot\'s data key; under a different KMS key, KMS generates a new data key.',
      sources: [{ title: 'How Amazon EBS encryption works', url: EBS_ENCRYPTION_WORKS, asOf: '2024' }],
    },
    {
      id: 'ebs-default-key',
      title: 'alias/aws/ebs: the default key of each Region',
      statement: 'EBS creates an AWS managed KMS key, alias aws/ebs, in each Region where you use EBS encryption, and uses it unless you name a customer managed key. AWS managed keys cannot be disabled or deleted.',
      sources: [
        { title: 'How Amazon EBS encryption works', url: EBS_ENCRYPTION_WORKS, asOf: '2024' },
        { title: 'Enable and disable keys', url: KMS_ENABLE, asOf: '2024' },
      ],
    },
    {
      id: 'kms-keys-region-scoped',
      title: 'KMS keys belong to one Region',
      statement: 'A KMS key can be used only in the Region where it was created (multi-Region keys are a separate feature). A snapshot copied to another Region must be encrypted with a key in the destination Region.',
      sources: [{ title: 'Copy an Amazon EBS snapshot', url: EBS_COPY, asOf: '2024' }],
    },
    {
      id: 'ebs-data-key-while-attached',
      title: 'The plaintext data key lives where the I/O is encrypted',
      statement:
        'When an encrypted volume is attached, EC2 has KMS decrypt its data key and keeps the plaintext data key while the volume stays attached: on Nitro instances in the Nitro hardware, on earlier instances in hypervisor memory. Encryption therefore protects data at rest and on the way between instance and volume.',
      sources: [
        { title: 'How Amazon EBS encryption works', url: EBS_ENCRYPTION_WORKS, asOf: '2024' },
        { title: 'How unusable KMS keys affect data keys', url: KMS_UNUSABLE, asOf: '2024' },
      ],
    },
    {
      id: 'kms-unusable-key',
      title: 'A disabled or deleted KMS key stops the data at the next use',
      statement:
        'Disabling a KMS key, scheduling it for deletion or deleting its imported key material makes it unusable at once. A volume already attached keeps working, because the plaintext data key is already in the host; once it is detached, it cannot be attached again, and its snapshots cannot be restored or copied, until the key is usable again.',
      sources: [
        { title: 'How unusable KMS keys affect data keys', url: KMS_UNUSABLE, asOf: '2024' },
        { title: 'Enable and disable keys', url: KMS_ENABLE, asOf: '2024' },
      ],
    },
    {
      id: 'kms-deletion-waiting-period',
      title: 'Key deletion waits 7 to 30 days',
      statement:
        'Deleting a KMS key is irreversible, so KMS enforces a waiting period of 7 to 30 days (30 by default). During it the key is pending deletion: unusable, but the deletion can be cancelled. When the period ends the key and its material are deleted, and every data key it protected can never be decrypted again.',
      sources: [{ title: 'Delete an AWS KMS key', url: KMS_DELETE, asOf: '2024' }],
    },
    {
      id: 'kms-imported-material',
      title: 'Imported key material can be deleted at once',
      statement: 'For a KMS key whose key material the customer imported, the material can be deleted immediately, without a waiting period; the key becomes unusable until the same material is imported again.',
      sources: [{ title: 'Delete imported key material', url: KMS_IMPORTED, asOf: '2024' }],
    },
    {
      id: 'crypto-shredding',
      title: 'Crypto-shredding as a data-remanence control',
      statement:
        'If every copy of some data is encrypted and the key is destroyed, the ciphertext left on disks and in snapshots is unreadable for good: the data is "shredded" without touching the media. Deleting the KMS key behind encrypted EBS volumes and snapshots does exactly this, which is why encryption complements wiping as a protection against leftover data.',
      sources: [
        { title: 'Delete an AWS KMS key', url: KMS_DELETE, asOf: '2024' },
        { title: 'NIST SP 800-88 Rev. 1, Guidelines for Media Sanitization (cryptographic erase)', url: 'https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-88r1.pdf', asOf: '2014-12' },
      ],
    },
    {
      id: 'nitro-instance-store-erased',
      title: 'Nitro instance storage is erased between customers',
      statement:
        'On Nitro instances, NVMe instance-store volumes are encrypted with XTS-AES-256 by the Nitro hardware; when the instance is stopped, hibernated or terminated every block is cryptographically erased, so the next customer on the host cannot read the previous one\'s data.',
      sources: [
        { title: 'Amazon EC2 instance store: data persistence', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-store-lifetime.html', asOf: '2024' },
        { title: 'Data protection in Amazon EC2 (encryption at rest)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/data-protection.html', asOf: '2024' },
      ],
    },
    {
      id: 'ebs-not-single-tenant',
      title: 'EBS is shared even for Dedicated Instances',
      statement: 'The EBS volumes of a Dedicated Instance do not run on single-tenant hardware: storage is shared infrastructure whatever the instance tenancy.',
      sources: [{ title: 'Amazon EC2 Dedicated Instances', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/dedicated-instance.html', asOf: '2023' }],
    },
    {
      id: 'nitro-ebs-card',
      title: 'On Nitro, EBS I/O goes through a Nitro Card',
      statement:
        'On Nitro instances (from C5, 2017) the guest sees an EBS volume as an NVMe device provided by a Nitro Card, which also does the encryption of encrypted volumes; no software backend on the host CPUs is on the data path. On Xen-era instances, block I/O went through a backend driver in dom0.',
      applies: 'Nitro: since 2017',
      sources: [{ title: 'The Security Design of the AWS Nitro System (whitepaper)', url: NITRO_WHITEPAPER, asOf: '2024-02' }],
    },
    {
      id: 'storage-latency-illustrative',
      title: 'Latencies on the plot are illustrative (model)',
      statement: 'The I/O latencies in the Storage view are round illustrative numbers chosen to show which step is slow (a snapshot fetch, a first-touch wipe); they are not AWS measurements.',
      modelAssumption: true,
      sources: [{ title: 'Initialize Amazon EBS volumes', url: EBS_INIT, asOf: '2024' }],
    },
  ],
};
