/**
 * The I/O paths: PV split drivers (grant → frontend request → event channel →
 * dom0 backend → device → response), an HVM guest without PV drivers going through QEMU in dom0,
 * and a Nitro guest talking to a Nitro card with no dom0 at all.
 */
import { DWELL_NS } from './costs';
import { cross, enterKernel, hypervisorName, leaveKernel, type PlanStep } from './plan';
import type { DomainPlacement, IoRequest, IoStage, PrivilegeLevel } from './types';

export interface IoContext {
  placement: DomainPlacement;
  /** dom0's placement (Xen hosts only). */
  dom0: DomainPlacement | null;
  vcpu: string;
  dom0Vcpu: string | null;
  level: PrivilegeLevel;
  request: IoRequest;
}

function stage(io: IoRequest, s: IoStage, text: string, dwellNs: number = DWELL_NS.kernel, device?: string): PlanStep {
  return { vcpu: null, to: null, kind: null, dwellNs, text, io: device ? { id: io.id, stage: s, device } : { id: io.id, stage: s } };
}

function tag(step: PlanStep, io: IoRequest, s: IoStage, device?: string): PlanStep {
  return { ...step, io: device ? { id: io.id, stage: s, device } : { id: io.id, stage: s } };
}

function splitDriverPlan(c: IoContext, dv: string): PlanStep[] {
  const { placement: p, vcpu: gv, request: io } = c;
  const isDisk = io.op === 'disk-write';
  const front = isDisk ? 'blkfront' : 'netfront';
  const back = isDisk ? 'blkback' : 'netback';
  const backDevice = `${p.hostId}.${back}`;
  const hw = `${p.hostId}.${isDisk ? 'disk' : 'nic'}`;
  const kick = p.kernel.vmx === 'non-root' ? 'vmcall' : 'hypercall';
  return [
    ...(c.level === 'user' ? enterKernel(p, gv) : []),
    // The grant comes first: the request on the ring carries the grant reference (fact xen-grant-references).
    stage(io, 'grant', `${front} grants dom0 access to the data page (grant ref ${io.grantRef}): dom0 never learns the page's machine address`),
    stage(io, 'frontend', `${front} in ${p.domainId} puts a ${io.bytes}-byte request carrying grant ref ${io.grantRef} on the shared ring`),
    tag(cross(gv, 'hypervisor', kick, `EVTCHNOP_send: ${front} kicks the backend through an event channel`), io, 'event-channel'),
    cross(gv, 'kernel', kick === 'vmcall' ? 'vmentry' : 'pv-return', 'back in the guest kernel; the program waits for the response'),
    ...leaveKernel(p, gv),
    tag(cross(dv, 'kernel', 'event-channel', `Xen delivers the event to ${back} in dom0 (an upcall)`), io, 'backend', backDevice),
    cross(dv, 'hypervisor', 'hypercall', `${back} maps the grant (GNTTABOP_map_grant_ref); Xen checks the grant names dom0`),
    cross(dv, 'kernel', 'pv-return', `${back} checks the request does not break isolation and issues it to the real device`),
    stage(io, 'device', `the ${isDisk ? 'disk' : 'NIC'} does the I/O (illustrative ${DWELL_NS.device / 1000} µs)`, DWELL_NS.device, hw),
    tag(cross(dv, 'hypervisor', 'hypercall', `${back} puts the response on the ring, unmaps the grant and notifies the frontend`), io, 'response'),
    cross(dv, 'kernel', 'pv-return', `dom0 goes back to its other work`),
    cross(gv, 'kernel', 'event-channel', `the guest's event channel fires; ${front} completes the request`),
    ...leaveKernel(p, gv),
    stage(io, 'done', `request ${io.id} complete`, 0),
  ];
}

function emulatedPlan(c: IoContext, dv: string): PlanStep[] {
  const { placement: p, vcpu: gv, request: io } = c;
  const hw = `${p.hostId}.${io.op === 'disk-write' ? 'disk' : 'nic'}`;
  return [
    ...(c.level === 'user' ? enterKernel(p, gv) : []),
    stage(io, 'frontend', `the guest's ordinary ${io.op === 'disk-write' ? 'disk' : 'NIC'} driver programs an emulated controller (no PV drivers: plain HVM)`),
    tag(cross(gv, 'hypervisor', 'vmexit', 'the I/O-port/MMIO access causes a VM exit to Xen'), io, 'event-channel'),
    tag(cross(dv, 'user', 'event-channel', 'Xen hands the I/O request to QEMU, the device model in dom0 user space, through an event channel'), io, 'device-model', `${p.hostId}.device-model`),
    stage(io, 'device', 'QEMU performs the I/O through dom0\'s real driver (illustrative device time)', DWELL_NS.device, hw),
    tag(cross(dv, 'hypervisor', 'hypercall', 'QEMU completes the request and notifies Xen'), io, 'response'),
    cross(gv, 'kernel', 'vmentry', 'Xen re-enters the guest with the emulated access completed; the vCPU was stalled all along'),
    ...leaveKernel(p, gv),
    stage(io, 'done', `request ${io.id} complete (PV drivers — PVHVM or PVH — avoid most of these exits)`, 0),
  ];
}

function nitroPlan(c: IoContext): PlanStep[] {
  const { placement: p, vcpu: gv, request: io } = c;
  const isDisk = io.op === 'disk-write';
  const card = `${p.hostId}.${isDisk ? 'nitro-card-ebs' : 'nitro-card-vpc'}`;
  return [
    ...(c.level === 'user' ? enterKernel(p, gv) : []),
    stage(io, 'frontend', `the guest's ${isDisk ? 'NVMe' : 'ENA'} driver writes a command into a queue in its own memory`),
    { ...stage(io, 'nitro-card', `it rings the doorbell of the ${isDisk ? 'Nitro Card for EBS' : 'Nitro Card for VPC'} over PCIe: no dom0 on the path`, DWELL_NS.kernel, card), kind: 'nitro-doorbell' },
    ...leaveKernel(p, gv),
    stage(io, 'device', isDisk ? 'the card sends the data to the EBS volume, encrypting it first if the volume is encrypted (illustrative time)' : 'the card applies security groups and encapsulates the packet (illustrative time)', DWELL_NS.device),
    tag(cross(gv, 'kernel', 'interrupt', 'the card posts a completion and interrupts the guest kernel'), io, 'response'),
    ...leaveKernel(p, gv),
    stage(io, 'done', `request ${io.id} complete; ${hypervisorName(p)} was not on the data path in this model`, 0),
  ];
}

/** The steps of one I/O request, by the guest's I/O path. */
export function ioPlan(c: IoContext): PlanStep[] {
  if (c.placement.io === 'nitro-card' || !c.dom0 || !c.dom0Vcpu) return nitroPlan(c);
  if (c.placement.io === 'emulated') return emulatedPlan(c, c.dom0Vcpu);
  return splitDriverPlan(c, c.dom0Vcpu);
}

/** The distinct stages a plan goes through, in order (what the I/O record shows). */
export function stagesOf(plan: readonly PlanStep[]): IoStage[] {
  const out: IoStage[] = [];
  for (const step of plan) if (step.io && !out.includes(step.io.stage)) out.push(step.io.stage);
  return out;
}
