import type { FactSource, FactTopic } from './types';

/** Who can touch what: operators, customers, dom0's privilege, and Nitro's absence of any path. */

const AWS_SECURITY_PROCESSES: FactSource = { title: 'Amazon Web Services: Overview of Security Processes (whitepaper), "Amazon EC2 Security"', url: 'https://d1.awsstatic.com/whitepapers/Security/AWS_Security_Whitepaper.pdf', asOf: 'editions 2008–2020 (Xen-era EC2)' };
const NITRO_NO_ACCESS: FactSource = { title: 'The Security Design of the AWS Nitro System: No AWS operator access', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/no-aws-operator-access.html', asOf: '2024-02' };

export const accessTopic: FactTopic = {
  id: 'access',
  title: 'Access: operators, customers and dom0',
  facts: [
    {
      id: 'aws-xen-admin-access',
      title: 'Xen era: MFA, admin hosts, logging, revocation',
      statement: 'AWS\'s Xen-era whitepaper: administrators with a business need reach the management plane only with multi-factor authentication, through purpose-built, hardened administration hosts; all such access is logged and audited, and the privileges are revoked when the business need ends. These are controls on people and procedures.',
      applies: 'Xen-era EC2',
      sources: [AWS_SECURITY_PROCESSES],
    },
    {
      id: 'aws-no-guest-os-access',
      title: 'Xen era: no access rights to the guest OS',
      statement: 'The same whitepaper: AWS has no access rights to customers\' instances or guest operating systems. The customer holds the keys and accounts of the guest; the statement describes AWS\'s rules, not a technical barrier inside the host.',
      applies: 'Xen-era EC2',
      sources: [AWS_SECURITY_PROCESSES],
    },
    {
      id: 'aws-customer-controls-guest',
      title: 'The customer controls the guest',
      statement: 'Instances are completely controlled by the customer, with full root or administrator access to their accounts, services and applications.',
      sources: [AWS_SECURITY_PROCESSES],
    },
    {
      id: 'xen-dom0-foreign-mapping',
      title: 'dom0 can map any guest\'s memory',
      statement: 'On Xen, dom0 is the privileged control domain: the hypervisor lets it map other domains\' memory ("foreign mappings", through the privcmd driver and libxenforeignmemory). QEMU does this to emulate a guest\'s devices, and the toolstack does it to build guests and to copy their memory during live migration. So on a Xen host, what keeps an operator with root in dom0 away from a guest\'s memory is policy — MFA, admin hosts, logging, revocation — not a technical barrier.',
      applies: 'every Xen version with a privileged dom0 (the default security policy)',
      sources: [
        { title: 'Xen source: tools/include/xenforeignmemory.h (mapping foreign domains\' memory)', url: 'https://github.com/xen-project/xen/blob/master/tools/include/xenforeignmemory.h', asOf: 'Xen 4.17–4.20' },
        { title: 'Xen source: xen/include/xsm/dummy.h (default policy: the privileged domain may act on any domain)', url: 'https://github.com/xen-project/xen/blob/master/xen/include/xsm/dummy.h', asOf: 'Xen 4.17–4.20' },
      ],
    },
    {
      id: 'nitro-no-operator-access',
      title: 'Nitro: no operator access at all',
      statement: 'By design the Nitro System has no operator access: there is no mechanism for any system or person to log in to a Nitro host, read instance memory, or read customer data on encrypted instance storage or EBS. Even the most privileged operators can use only a limited set of authenticated, authorized, logged and audited administrative APIs, none of which expose customer data. There is no dom0 to abuse.',
      applies: 'Nitro hosts (since 2017)',
      sources: [NITRO_NO_ACCESS],
    },
    {
      id: 'model-access-faults',
      title: 'How the simulator shows access being abused',
      statement: 'The simulator\'s `dom0-foreign-map` fault stands for an operator who gets root in dom0 through the proper path (MFA, admin host) and then breaks policy by mapping a guest\'s memory; on Nitro the same attempt has nowhere to go. The `grant-misuse` fault stands for a backend that keeps mapping a grant after the frontend revoked it — a bug Xen\'s grant checks prevent. Both are teaching devices, not reports of incidents.',
      modelAssumption: true,
      sources: [AWS_SECURITY_PROCESSES, NITRO_NO_ACCESS],
    },
  ],
};
