import type { FactSource, FactTopic } from './types';

/** Where each layer runs under Xen, how guests reach the hypervisor, split-driver I/O, and the move to Nitro. */

const XEN_SRC = 'https://github.com/xen-project/xen/blob/master';
const XSA_370: FactSource = { title: 'Xen Security Advisory 370 (CVE-2021-28689): x86 speculative vulnerabilities with bare (non-shim) 32-bit PV guests', url: 'https://xenbits.xen.org/xsa/advisory-370.html', asOf: '2021-06' };
const PV_TRAPS: FactSource = { title: 'Xen guest guide: x86 PV traps and interrupts (docs/guest-guide/x86/pv-traps.rst)', url: `${XEN_SRC}/docs/guest-guide/x86/pv-traps.rst`, asOf: 'Xen 4.17–4.20' };
const HYPERCALL_ABI: FactSource = { title: 'Xen guest guide: x86 hypercall ABI (docs/guest-guide/x86/hypercall-abi.rst)', url: `${XEN_SRC}/docs/guest-guide/x86/hypercall-abi.rst`, asOf: 'Xen 4.17–4.20' };
const INTEL_SDM: FactSource = { title: 'Intel 64 and IA-32 Architectures Software Developer’s Manual, Vol. 3C: VMX operation', url: 'https://www.intel.com/content/www/us/en/developer/articles/technical/intel-sdm.html', asOf: '2024' };
const KCONFIG_PV32: FactSource = { title: 'Xen x86 Kconfig: the PV32 option (xen/arch/x86/Kconfig)', url: `${XEN_SRC}/xen/arch/x86/Kconfig`, asOf: 'Xen 4.15 and later' };
const NITRO_JOURNEY: FactSource = { title: 'The Security Design of the AWS Nitro System: The Nitro System journey', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/the-nitro-system-journey.html', asOf: '2024-02' };
const NITRO_COMPONENTS: FactSource = { title: 'The Security Design of the AWS Nitro System: The components of the Nitro System', url: 'https://docs.aws.amazon.com/whitepapers/latest/security-design-of-aws-nitro-system/the-components-of-the-nitro-system.html', asOf: '2024-02' };
const XEN_SPECTRUM: FactSource = { title: 'Xen Project wiki: Understanding the Virtualization Spectrum', url: 'https://wiki.xenproject.org/wiki/Understanding_the_Virtualization_Spectrum', asOf: '2023' };
const AWS_VIRT_TYPES: FactSource = { title: 'Amazon EC2 User Guide: Virtualization types (HVM and PV)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/virtualization_types.html', asOf: '2024' };
const INTERFACE_GUIDE: FactSource = { title: 'Xen 3.0 Interface Manual for x86 (chapter 2, virtual architecture; chapter 8, devices)', url: 'https://www.linuxtopia.org/online_books/linux_virtualization/xen_3.0_interface_guide/linux_virualization_xen_interface_2.html', asOf: 'Xen 3.0 (2005)' };
const GRANT_TABLE_H: FactSource = { title: 'Xen public interface: grant tables (xen/include/public/grant_table.h)', url: `${XEN_SRC}/xen/include/public/grant_table.h`, asOf: 'Xen 4.17–4.20' };
const BLKIF_H: FactSource = { title: 'Xen public interface: block I/O ring protocol (xen/include/public/io/blkif.h)', url: `${XEN_SRC}/xen/include/public/io/blkif.h`, asOf: 'Xen 4.17–4.20' };

export const xenTopic: FactTopic = {
  id: 'xen',
  title: 'Xen: privilege levels, hypervisor calls and I/O',
  facts: [
    {
      id: 'xen-pv32-ring1',
      title: '32-bit PV kernels run in ring 1',
      statement: 'A 32-bit paravirtualized (PV) guest kernel runs in ring 1, its programs in ring 3 and Xen in ring 0. A hypercall from the ring-1 kernel uses `int 0x82`, a gate Xen opens to ring 1 only when 32-bit PV support is built in.',
      sources: [XSA_370, PV_TRAPS],
    },
    {
      id: 'xen-pv32-protection-64bit',
      title: 'What keeps a 32-bit PV kernel from Xen on 64-bit Xen',
      statement: 'Every current Xen is 64-bit, and there a 32-bit PV ("compat") guest is not fenced off by segment limits: `check_descriptor()` accepts code and data segments without checking base or limit for this purpose. Xen protects itself because it lives outside the 4 GiB a 32-bit guest can address at all, and because the guest\'s page tables are validated by Xen, so the guest can map only its own frames.',
      applies: '64-bit Xen (the only kind since Xen 4.3)',
      sources: [{ title: 'Xen source: check_descriptor() in xen/arch/x86/x86_64/mm.c ("No base/limit checking")', url: `${XEN_SRC}/xen/arch/x86/x86_64/mm.c`, asOf: 'Xen 4.17' }, XSA_370],
    },
    {
      id: 'xen-segment-limits-history',
      title: 'Segment limits: how 32-bit Xen protected itself (history)',
      statement: 'On the old 32-bit build of Xen, the hypervisor sat at the top of every address space and truncated the guest\'s segments so that ring-1 code could not reach it. AMD64 dropped segment limits in 64-bit mode, which is why 64-bit PV kernels had to move to ring 3. The 32-bit hypervisor build was removed in Xen 4.3 (2013), so segment limits now protect no Xen host.',
      applies: '32-bit Xen, up to Xen 4.2',
      sources: [INTERFACE_GUIDE, { title: 'Xen Project 4.3 release notes (x86_32 hypervisor support removed)', url: 'https://wiki.xenproject.org/wiki/Xen_Project_4.3_Release_Notes', asOf: 'Xen 4.3 (2013-07)' }],
    },
    {
      id: 'xen-pv64-ring3',
      title: '64-bit PV kernels run in ring 3',
      statement: 'x86-64 enforces no segment limits, so Xen cannot protect itself from code in rings 1 or 2. A 64-bit PV kernel therefore runs in ring 3, like its programs, and keeps two page tables: one that maps the kernel and user space, and a user-only one without the kernel. Xen switches between them on every kernel entry and exit.',
      sources: [{ title: 'Linux commit d6182fbf04 "xen64: allocate and manage user pagetables"', url: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=d6182fbf04164016cb6540db02eef3d6bdc967c3', asOf: 'Linux 2.6.27 (2008)' }, INTERFACE_GUIDE],
    },
    {
      id: 'xen-hvm-nonroot',
      title: 'HVM and PVH kernels run in ring 0 of VMX non-root',
      statement: 'With hardware virtualization (Intel VT-x, AMD-V) a guest kernel runs in ring 0 as it was designed to, but in VMX non-root operation, where the CPU hands chosen events to the hypervisor as VM exits. Xen runs in VMX root operation. People sometimes call root mode "ring −1"; that is an informal nickname, not an architectural ring.',
      sources: [INTEL_SDM, XEN_SPECTRUM],
    },
    {
      id: 'xen-pv-in-vmx-root',
      title: 'PV guests on a VMX-enabled host run in VMX root mode',
      statement: 'Once Xen has switched VMX on, everything that is not inside a hardware VM runs in VMX root operation — including PV guests, at ring 1 (32-bit) or ring 3 (64-bit). "VMX root" says a CPU is not inside a VM; it does not mean ring 0. What separates a PV guest from Xen is the ring and Xen\'s validated page tables, not VMX.',
      sources: [INTEL_SDM, PV_TRAPS],
    },
    {
      id: 'ring1-outside-xen',
      title: 'Ring 1 outside Xen: binary translation and raw mode',
      statement: 'Within Xen only 32-bit PV kernels used ring 1. Before hardware virtualization other hypervisors did too: VMware\'s binary translator and VirtualBox\'s raw mode ran guest kernel code in ring 1. All of them have moved to VT-x/AMD-V.',
      sources: [{ title: 'Adams and Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization" (ASPLOS 2006)', url: 'https://www.vmware.com/pdf/asplos235_adams.pdf', asOf: '2006' }, { title: 'Oracle VM VirtualBox User Manual: Technical background (software virtualization)', url: 'https://www.virtualbox.org/manual/ch10.html', asOf: 'VirtualBox 6.1' }],
    },
    {
      id: 'xen-pv32-deprecated',
      title: '32-bit PV is no longer security-supported',
      statement: 'Xen describes the 32-bit PV ABI as relying on ring 1, a part of x86 that AMD64 deprecated, and no longer security-supports 32-bit PV guests outside the PV shim. Processor vendors do not prioritise speculation fixes for ring 1.',
      applies: 'since 2021 (XSA-370)',
      sources: [KCONFIG_PV32, XSA_370],
    },
    {
      id: 'xen-hypercall-instructions',
      title: 'How each kind of kernel calls Xen',
      statement: 'A hypercall is a system call to the hypervisor. A 32-bit PV kernel uses `int 0x82`, a 64-bit PV kernel `syscall`, and an HVM or PVH kernel `vmcall` (Intel) or `vmmcall` (AMD), which is a VM exit. Xen provides a hypercall page so that a kernel need not know which instruction applies.',
      sources: [HYPERCALL_ABI],
    },
    {
      id: 'xen-pv64-syscall-entry',
      title: 'A 64-bit PV program\'s syscall enters Xen first',
      statement: 'On a 64-bit PV guest the CPU\'s SYSCALL entry points (the LSTAR/CSTAR MSRs) belong to Xen, so a program\'s `syscall` lands in Xen, not in the guest kernel; Xen switches to the kernel page table and bounces the call to the entry point the kernel registered. Exceptions and interrupts reach Xen through its own IDT and are bounced the same way. On HVM and PVH the guest owns its IDT and SYSCALL MSRs, so a system call never leaves the guest.',
      sources: [PV_TRAPS],
    },
    {
      id: 'xen-msr-bitmap',
      title: 'wrmsr exits only for intercepted MSRs',
      statement: 'In VMX non-root operation, `wrmsr` causes a VM exit only for the model-specific registers the hypervisor intercepts in the MSR bitmap; others are written directly. Xen intercepts most MSRs a guest may not control. In a PV kernel, which is not in ring 0, `wrmsr` raises a general-protection fault that Xen handles and emulates.',
      sources: [INTEL_SDM, PV_TRAPS],
    },
    {
      id: 'xen-pv-page-tables',
      title: 'PV page tables are validated by Xen',
      statement: 'A PV guest\'s page tables hold real machine frame numbers and are mapped read-only to it. It changes them through hypercalls — `mmu_update`, `update_va_mapping`, usually batched in multicalls — or by writing to a page table that Xen then traps and revalidates ("writable page tables"). Xen refuses any entry that would map a frame the guest does not own.',
      sources: [INTERFACE_GUIDE, { title: 'Xen public interface: xen/include/public/xen.h (mmu_update, update_va_mapping, multicall)', url: `${XEN_SRC}/xen/include/public/xen.h`, asOf: 'Xen 4.17' }],
    },
    {
      id: 'xen-hap',
      title: 'EPT/NPT: second-level translation in hardware',
      statement: 'An HVM or PVH guest owns its page tables; Intel EPT or AMD NPT translate its guest-physical addresses to machine addresses in hardware, so page-table updates need no hypervisor call. An access to a guest-physical address with no EPT entry is a VM exit (an EPT violation). The price is a longer page walk after a TLB miss.',
      sources: [INTEL_SDM, { title: 'Xen command-line options: hap', url: 'https://xenbits.xen.org/docs/unstable/misc/xen-command-line.html', asOf: 'Xen 4.17–4.20' }],
    },
    {
      id: 'xen-pvh',
      title: 'PVH: hardware virtualization without QEMU',
      statement: 'A PVH guest runs under VT-x/AMD-V like HVM but boots its kernel directly and uses only PV devices: there is no QEMU and no emulated PC platform. Xen itself still emulates a few things for it, such as the local APIC.',
      applies: 'Xen ≥ 4.10 (PVH version 2)',
      sources: [{ title: 'Xen docs: PVH specification (docs/misc/pvh.pandoc)', url: `${XEN_SRC}/docs/misc/pvh.pandoc`, asOf: 'Xen 4.17' }, XEN_SPECTRUM],
    },
    {
      id: 'windows-hvm-only',
      title: 'Windows runs only as an HVM guest',
      statement: 'PV needs a guest kernel ported to Xen\'s interface, and Windows never was. Windows therefore runs only as an HVM guest — on EC2 with PV drivers for disk and network, and on Nitro with ENA and NVMe drivers.',
      sources: [XEN_SPECTRUM, AWS_VIRT_TYPES],
    },
    {
      id: 'pv-no-longer-faster',
      title: 'PV is no longer faster than HVM',
      statement: 'AWS: historically PV guests often performed better than HVM guests, but with improvements in hardware virtualization and PV drivers for HVM, this is no longer true. Current-generation EC2 instance types do not support PV AMIs at all.',
      sources: [AWS_VIRT_TYPES],
    },
    {
      id: 'vm-exit-cost',
      title: 'What a VM exit costs',
      statement: 'A VM exit and re-entry costs hundreds to thousands of CPU cycles; one measurement on a Nehalem Xeon found about 2,000 cycles of direct cost, with indirect costs (cache pollution) that can be much higher. No comparable figure is published for a PV hypercall on modern CPUs, but it too is a privilege transition with a cost.',
      sources: [{ title: 'Landau, Ben-Yehuda, Gordon: "SplitX: Split Guest/Hypervisor Execution on Multi-Core" (WIOV 2011)', url: 'https://www.usenix.org/legacy/events/wiov11/tech/final_files/Landau.pdf', asOf: '2011' }],
    },
    {
      id: 'model-cpu-costs',
      title: 'Cycle costs in the simulator are illustrative',
      statement: 'The cycle counts the simulator attaches to each crossing (system call, hypercall, VM exit, trap) are round illustrative numbers chosen to keep the orders of magnitude right. They are not measurements of any CPU.',
      modelAssumption: true,
      sources: [{ title: 'Landau, Ben-Yehuda, Gordon: "SplitX" (the order of magnitude used)', url: 'https://www.usenix.org/legacy/events/wiov11/tech/final_files/Landau.pdf', asOf: '2011' }],
    },
    {
      id: 'xen-split-drivers',
      title: 'Split drivers: frontend, backend, ring, event channel',
      statement: 'On Xen the real disks and network cards belong to the hardware domain, usually dom0, which multiplexes guest I/O. A guest uses a split driver: a frontend in the guest (blkfront, netfront) and a backend in dom0 (blkback, netback). They exchange requests and responses on a ring in shared memory and notify each other through event channels; the backend checks each request before it touches the real device.',
      sources: [INTERFACE_GUIDE, { title: 'Xen docs: glossary (hardware domain, control domain)', url: `${XEN_SRC}/docs/glossary.rst`, asOf: 'Xen 4.17' }],
    },
    {
      id: 'xen-grant-references',
      title: 'Grant references travel with the request',
      statement: 'Before it puts a request on the ring, the frontend grants the backend access to each data page and writes the grant references into the request itself. The backend maps those grants to reach the data. A grant reference hides the page\'s machine address, so the backend never needs to know it.',
      sources: [BLKIF_H, GRANT_TABLE_H],
    },
    {
      id: 'xen-grant-revocation',
      title: 'Ending a grant',
      statement: 'The granting domain ends a grant by clearing its grant-table entry; after that Xen refuses any new mapping of it. Xen will not let the entry be cleared while the grantee still has it mapped, so a frontend must wait for the backend to unmap before it reuses the page (Linux defers freeing such pages).',
      sources: [GRANT_TABLE_H, { title: 'Linux: drivers/xen/grant-table.c (gnttab_end_foreign_access and deferred freeing)', url: 'https://github.com/torvalds/linux/blob/master/drivers/xen/grant-table.c', asOf: 'Linux 6.x' }],
    },
    {
      id: 'xen-qemu-device-model',
      title: 'Plain HVM guests go through QEMU in dom0',
      statement: 'An HVM guest without PV drivers programs emulated hardware. Each access to the emulated controller is a VM exit; Xen passes it to QEMU, the device model running in dom0, and the guest\'s vCPU waits until QEMU has done the work. PV drivers on HVM (PVHVM) avoid most of these exits.',
      sources: [XEN_SPECTRUM, AWS_VIRT_TYPES],
    },
    {
      id: 'xen-dom0-host-cpus',
      title: 'dom0 ran on the host\'s own CPUs',
      statement: 'dom0 is a Linux virtual machine on the same host: it runs on the host\'s CPUs and memory, not on a separate card. AWS has not published how many cores EC2 kept for dom0; the per-host instance counts it publishes for Xen-era families suggest some cores were never sold to customers. In the simulator dom0 has its own vCPU and no core sharing with guests is modelled.',
      applies: 'Xen-era EC2 (until the Nitro System)',
      sources: [NITRO_JOURNEY, { title: 'Amazon EC2 Dedicated Hosts: instance capacity per host', url: 'https://docs.aws.amazon.com/ec2/latest/instancetypes/dedicated-hosts-capacity.html', asOf: '2024' }],
    },
    {
      id: 'nitro-no-dom0',
      title: 'Nitro eliminated dom0',
      statement: 'AWS moved dom0\'s work onto dedicated hardware step by step: networking and then EBS went to AWS-built cards on C3 (2013) and C4 (2015) instances. Starting with C5 in 2017, the Nitro System eliminated dom0 entirely: a minimized hypervisor based on KVM provides CPU and memory isolation, and the device models run on Nitro Cards.',
      applies: 'since C5 (2017-11); every instance type launched since early 2018',
      sources: [NITRO_JOURNEY, { title: 'Amazon EC2 FAQs: the Nitro Hypervisor', url: 'https://aws.amazon.com/ec2/faqs/', asOf: '2024' }],
    },
    {
      id: 'nitro-components',
      title: 'Nitro Cards, Security Chip and Hypervisor',
      statement: 'The Nitro System has three parts: Nitro Cards, separate processors on PCIe that implement all I/O (VPC networking, EBS, instance storage) and system control independently of the main board; the Nitro Security Chip, which guards the server\'s firmware; and the Nitro Hypervisor, deliberately minimized and firmware-like. Bare-metal instances run with no hypervisor at all.',
      sources: [NITRO_COMPONENTS],
    },
  ],
};
