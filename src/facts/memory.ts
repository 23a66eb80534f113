import type { FactSource, FactTopic } from './types';

/** Memory scrubbing: AWS's Xen-era promise and what Xen actually does, by version. */

const XEN_SRC = 'https://github.com/xen-project/xen/blob/master';
const PAGE_ALLOC: FactSource = { title: 'Xen source: xen/common/page_alloc.c (free_domheap_pages, alloc_heap_pages, scrub_free_pages)', url: `${XEN_SRC}/xen/common/page_alloc.c`, asOf: 'Xen 4.17–4.20' };
const COMMAND_LINE: FactSource = { title: 'Xen command-line options: bootscrub, bootscrub_chunk, scrub-domheap', url: 'https://xenbits.xen.org/docs/unstable/misc/xen-command-line.html', asOf: 'Xen 4.17–4.20' };
const COVER_LETTER: FactSource = { title: 'xen-devel: "[PATCH RFC 0/8] Memory scrubbing from idle loop" (B. Ostrovsky)', url: 'https://lists.xenproject.org/archives/html/xen-devel/2017-02/msg03231.html', asOf: '2017-02' };
const AWS_SECURITY_PROCESSES: FactSource = { title: 'Amazon Web Services: Overview of Security Processes (whitepaper), "Instance Isolation"', url: 'https://d1.awsstatic.com/whitepapers/Security/AWS_Security_Whitepaper.pdf', asOf: 'editions 2008–2020 (Xen-era EC2)' };
const NITRO_NO_ACCESS: FactSource = { title: 'The Security Design of the AWS Nitro System: No AWS operator access', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/no-aws-operator-access.html', asOf: '2024-02' };

export const memoryTopic: FactTopic = {
  id: 'memory',
  title: 'Memory: frames, scrubbing and the next tenant',
  facts: [
    {
      id: 'aws-xen-memory-scrub',
      title: 'AWS: memory is scrubbed before it is reused',
      statement: 'AWS\'s Xen-era security whitepaper: memory allocated to guests is scrubbed (set to zero) by the hypervisor when it is unallocated from a guest, and it is not returned to the pool of free memory available for new allocations until the scrubbing is complete.',
      applies: 'Xen-era EC2',
      sources: [AWS_SECURITY_PROCESSES],
    },
    {
      id: 'xen-dirty-free-lists',
      title: 'Dirty pages wait on the free lists, marked',
      statement: 'Since Xen 4.10 a dead domain\'s pages go onto the free lists straight away, flagged as needing a scrub and placed at the tail, and a per-node counter records how many are dirty. They are never handed out in that state: the allocator takes clean pages first and scrubs a dirty page before it returns it. So the pool that new allocations draw from only ever yields zeroed pages, which is how Xen keeps AWS\'s promise although dirty pages sit on the free lists.',
      applies: 'Xen ≥ 4.10',
      sources: [PAGE_ALLOC, COVER_LETTER],
    },
    {
      id: 'xen-alloc-clean-first',
      title: 'The allocator guarantees scrubbed pages',
      statement: 'When a domain is given memory, Xen\'s allocator first looks for clean pages; only if none are left does it take dirty ones, and then it scrubs them synchronously before handing them out. Background scrubbing is opportunistic; the guarantee is the allocator\'s.',
      applies: 'Xen ≥ 4.10',
      sources: [PAGE_ALLOC, COVER_LETTER],
    },
    {
      id: 'xen-idle-scrub',
      title: 'Idle CPUs scrub in the background',
      statement: 'Since Xen 4.10, idle CPUs run `scrub_free_pages()` from the idle loop: on each NUMA node one CPU zeroes that node\'s dirty free pages, and stops a chunk if the allocator wants it. Destroying a domain therefore no longer waits for its memory to be zeroed.',
      applies: 'Xen ≥ 4.10 (2017-12)',
      sources: [COVER_LETTER, PAGE_ALLOC],
    },
    {
      id: 'xen-sync-teardown-scrub',
      title: 'Before 4.10: scrubbed during destruction',
      statement: 'Up to Xen 4.9 a dying domain\'s pages were scrubbed synchronously while the domain was being destroyed; the destruction completed only when every page was zeroed.',
      applies: 'Xen ≤ 4.9',
      sources: [COVER_LETTER],
    },
    {
      id: 'xen-scrub-1tb-timing',
      title: 'Destroying a 1 TB guest: 9 minutes vs 1',
      statement: 'The patch series that moved scrubbing to the idle loop reports that destroying a 1 TB guest then took slightly over a minute instead of about nine. The zeroing itself still happens, afterwards, on idle CPUs.',
      applies: 'Xen 4.9 → 4.10',
      sources: [COVER_LETTER],
    },
    {
      id: 'model-scrub-rate',
      title: 'The simulator\'s scrub rate is derived, not measured',
      statement: 'The simulator reads the 9-minute and 1-minute figures as about 60 seconds of releasing pages either way plus about 480 seconds of zeroing on the old path, which gives one CPU about 2 GiB/s. No per-CPU scrub rate has been published; the number only keeps the proportions.',
      modelAssumption: true,
      sources: [COVER_LETTER],
    },
    {
      id: 'model-teaching-frames',
      title: 'Teaching frames are larger than real ones',
      statement: 'x86 frames are 4 KiB. In teaching mode the memory view draws one square per 16 MiB (or larger) so that a whole host fits on screen; realistic mode uses 4 KiB frames. Frame counts in a lesson are at that scale.',
      modelAssumption: true,
      sources: [{ title: 'Intel 64 and IA-32 Architectures Software Developer’s Manual, Vol. 3A: paging (4-KByte pages)', url: 'https://www.intel.com/content/www/us/en/developer/articles/technical/intel-sdm.html', asOf: '2024' }],
    },
    {
      id: 'xen-live-frees-not-scrubbed',
      title: 'Pages a live guest frees are the guest\'s to clear',
      statement: 'Xen scrubs the pages of a domain that has died. Pages a live domain gives back — for example by ballooning — are not scrubbed by Xen by default: the guest is expected to clear what it cares about. Linux\'s balloon driver zeroes pages before returning them (`XEN_SCRUB_PAGES`, on by default; a runtime switch since Linux 4.19). Xen\'s `scrub-domheap` option adds a hypervisor scrub as a safety net; it is off by default.',
      sources: [PAGE_ALLOC, COMMAND_LINE, { title: 'Linux: drivers/xen/Kconfig (XEN_SCRUB_PAGES_DEFAULT)', url: 'https://github.com/torvalds/linux/blob/master/drivers/xen/Kconfig', asOf: 'Linux 4.19 and later' }],
    },
    {
      id: 'xen-bootscrub',
      title: 'Boot scrubbing: synchronous, then in the idle loop',
      statement: 'At boot Xen scrubs the free RAM so that a crash and reboot cannot leak a previous run\'s guest data. Up to Xen 4.11 `bootscrub` was a boolean, on by default, and zeroed all free RAM before any guest could start. Since Xen 4.12 the default is `bootscrub=idle`: all free pages start marked dirty and idle CPUs scrub them in the background, with the allocator guaranteeing that allocations still get scrubbed pages. Either way it runs after dom0 has been built.',
      applies: 'synchronous up to Xen 4.11; idle by default since Xen 4.12 (2019-04)',
      sources: [COMMAND_LINE, { title: 'Xen commit 0b24ef7853 "mm/page_alloc: add bootscrub=idle cmdline option"', url: 'https://github.com/xen-project/xen/commit/0b24ef7853', asOf: 'Xen 4.12 (2018-11)' }],
    },
    {
      id: 'xen-dom0-not-scrubbed',
      title: 'dom0\'s memory is not scrubbed at boot',
      statement: 'Xen builds dom0 before boot scrubbing runs, and allocates its memory with `MEMF_no_scrub`, preferring high memory (`alloc_chunk` for a PV dom0, `pvh_populate_memory_range` for a PVH dom0). dom0\'s pages are therefore not zeroed by Xen; at that point they can hold only what firmware or a previous boot left, and dom0 is the operator\'s own domain. Boot scrubbing then covers the RAM that is still free.',
      sources: [{ title: 'Xen source: xen/arch/x86/pv/dom0_build.c (alloc_chunk)', url: `${XEN_SRC}/xen/arch/x86/pv/dom0_build.c`, asOf: 'Xen 4.17–4.20' }, { title: 'Xen source: xen/arch/x86/hvm/dom0_build.c (pvh_populate_memory_range)', url: `${XEN_SRC}/xen/arch/x86/hvm/dom0_build.c`, asOf: 'Xen 4.17–4.20' }],
    },
    {
      id: 'nitro-memory-scrub-unpublished',
      title: 'Nitro: no published scrubbing statement',
      statement: 'AWS\'s Nitro whitepaper says no system or person can access the memory of EC2 instances, but we found no Nitro statement about scrubbing comparable to the Xen-era one. The simulator applies the same scrubbing model to both kinds of host.',
      modelAssumption: true,
      sources: [NITRO_NO_ACCESS],
    },
  ],
};
