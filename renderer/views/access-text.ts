import type { AuditEntry } from '../../src/model/access/types';
import { formatDuration } from '../../src/engine/time';

/** Words for the Access view: audit entries as sentences, reasons short enough for a path. */

/** The short form written on the path; the audit list carries the full reason. */
export function shortReason(entry: Pick<AuditEntry, 'outcome' | 'reason' | 'action'>): string {
  const r = entry.reason;
  const rules: Array<[RegExp, string]> = [
    [/Nitro host has no dom0/i, 'refused: no dom0 on Nitro'],
    [/no approved procedure maps/i, 'refused: no approved procedure'],
    [/multi-factor/i, 'refused: no MFA'],
    [/only through a purpose-built/i, 'refused: not via an admin host'],
    [/is not a purpose-built/i, 'refused: not an admin host'],
    [/privileges revoked/i, entry.outcome === 'allowed' ? 'privileges revoked' : 'refused: privileges revoked'],
    [/no operator login/i, 'refused: no operator login on Nitro'],
    [/no administrative API exposes/i, 'refused: no API exposes customer data'],
    [/no mechanism exists/i, 'refused: no mechanism into the instance'],
    [/no access rights/i, 'refused: no rights in the guest'],
    [/needs an open management-plane session/i, 'refused: no open session'],
    [/belongs to another customer/i, 'refused: another customer\'s guest'],
  ];
  for (const [pattern, text] of rules) if (pattern.test(r)) return text;
  if (entry.outcome === 'allowed') {
    if (/^management plane only/i.test(r)) return 'allowed: MFA via admin host';
    if (/audited administrative API/i.test(r)) return 'allowed: audited API';
    if (/management-plane operation/i.test(r)) return 'allowed: audited session';
    if (/customer controls/i.test(r)) return 'allowed: own guest';
    if (/QEMU in dom0 maps/i.test(r)) return 'allowed: QEMU maps its frames';
    if (/live migration/i.test(r)) return 'allowed: migration copies frames';
    if (/dom0 is privileged/i.test(r)) return 'allowed: dom0 maps the frames';
    return 'allowed';
  }
  return `refused: ${r}`;
}

/** What the actor tried, in words: `op-2 → log in to xen-1`. */
export function attemptSummary(entry: Pick<AuditEntry, 'actor' | 'action' | 'target'>): string {
  const [action = entry.action, detail] = entry.action.split(':');
  const verb: Record<string, string> = {
    'operator.login': 'log in to',
    'operator.revoke': 'revoke',
    'operator.accessGuest': 'enter guest',
    'operator.api': detail ? `call API ${detail} on` : 'call an API on',
    'dom0.foreignMap': detail ? `map memory (${detail}) of` : 'map memory of',
    'customer.access': detail === 'root' ? 'become root on' : detail === 'firewall' ? 'change the firewall of' : 'log in to',
  };
  const actor = entry.actor.kind === 'system' ? entry.actor.id.toUpperCase() : entry.actor.id;
  return `${actor} → ${verb[action] ?? entry.action.replace(/[.:]/g, ' ')} ${entry.target}`;
}

/** One audit entry as a sentence (describe(), the inspector, tests). */
export function auditSentence(entry: AuditEntry): string {
  return `${entry.outcome === 'allowed' ? '✓ allowed' : '✗ refused'} at ${formatDuration(entry.at)}: ${attemptSummary(entry)} — ${entry.reason}`;
}

/** What decided an outcome, in a word or two (the model's `control`, read defensively). */
export function controlWords(entry: object): string | null {
  const control = 'control' in entry ? entry.control : undefined;
  return control === 'policy' ? 'policy' : control === 'hypervisor' ? 'hypervisor' : control === 'no-path' ? 'no path' : null;
}

/** The words on a path: ✓ or ✗, the short reason, and what decided it (policy or a hypervisor check). */
export function pathWords(entry: AuditEntry, pathText: string): string {
  const decided = controlWords(entry);
  // "no path" refusals say so in their text already.
  return `${entry.outcome === 'allowed' ? '✓' : '✗'} ${pathText.replace(/^(refused|allowed): /, '')}${decided && decided !== 'no path' ? ` · ${decided}` : ''}`;
}
