import type { AuditEntry, ForeignMapping } from '../../src/model/access/types';
import type { SimState } from '../../src/model/state';
import { formatDuration } from '../../src/engine/time';
import { accessLayout, type AccessNode } from './access-layout';
import { auditSentence, controlWords } from './access-text';
import { capped, count, group, tenantName } from './common-scene';
import type { SceneNode } from './view';

/** Audit entries and foreign mappings listed, newest first. */
const RECENT = 12;

/**
 * The Access view in words: operators (MFA, revoked) and customers, the admin hosts, each host's
 * management plane (Xen dom0, or Nitro's audited APIs) with its guests, then the newest audit
 * entries (every attempt, allowed or refused, and what decided it) and dom0's foreign mappings.
 * Items carry the layout's keys, which the view's `boundsOf` locates.
 */
export function accessScene(state: SimState): SceneNode[] {
  const layout = accessLayout(state, 1280, 720);
  const nodes = [...layout.nodes.values()];
  const item = (n: AccessNode, children?: SceneNode[]): SceneNode => ({
    id: n.key,
    label: `${n.title}${n.subtitle ? ` (${n.subtitle})` : ''}: ${n.detail}`.replace(/\n/g, '; '),
    ...(n.entity ? { entity: n.entity } : {}),
    ...(children && children.length > 0 ? { children } : {}),
  });
  const byId = new Map(nodes.map((n) => [n.id, n.key]));
  const out: SceneNode[] = [];
  const actors = nodes.filter((n) => n.kind === 'operator' || n.kind === 'customer').map((n) => item(n));
  if (actors.length > 0) out.push(group('access/actors', 'Operators and customers', actors));
  const admins = nodes.filter((n) => n.kind === 'admin').map((n) => item(n));
  if (admins.length > 0) out.push(group('access/admin-hosts', 'Admin hosts', admins));
  for (const host of nodes.filter((n) => n.kind === 'host')) {
    const plane = nodes.filter((n) => (n.kind === 'mgmt' || n.kind === 'nitro-api') && n.key === `mgmt:${host.id}`).map((n) => item(n));
    const guests = nodes.filter((n) => n.kind === 'guest' && state.world.domains[n.id]?.hostId === host.id).map((n) => item(n));
    out.push(item(host, capped([...plane, ...guests], host.key)));
  }
  const audit = state.world.access?.audit ?? [];
  out.push({ id: 'access/audit', label: `Audit log, newest first (${audit.length} entries)`, children: audit.slice(-RECENT).reverse().map((e) => auditNode(e, byId)) });
  const maps = state.world.access?.foreignMaps ?? [];
  if (maps.length > 0) out.push({ id: 'access/foreign-maps', label: `dom0 mappings of guest memory (${maps.length})`, children: maps.slice(-RECENT).reverse().map((m) => mappingNode(state, m, byId)) });
  return out;
}

function auditNode(e: AuditEntry, byId: ReadonlyMap<string, string>): SceneNode {
  const control = controlWords(e);
  const outline = byId.get(e.target) ?? byId.get(e.actor.id);
  return {
    id: `audit:${e.seq}`,
    label: `#${e.seq} ${auditSentence(e)}${control ? ` (decided by ${control})` : ''}`,
    entity: { kind: 'audit', id: String(e.seq) },
    ...(outline ? { outline } : {}),
  };
}

function mappingNode(state: SimState, m: ForeignMapping, byId: ReadonlyMap<string, string>): SceneNode {
  const outcome = m.outcome === 'mapped' ? `mapped ${count(m.frames, 'frame')}` : 'refused';
  const outline = byId.get(m.guestId);
  return {
    id: `foreign-map:${m.seq}`,
    label: `dom0 on ${m.hostId} → guest ${m.guestId} of tenant ${tenantName(state, m.tenant)}, for ${m.purpose} by ${m.by}, at ${formatDuration(m.at)}: ${outcome}`,
    ...(outline ? { outline } : {}),
  };
}
