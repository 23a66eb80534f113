/**
 * What can be read from a command before it is validated: its type and request id, so the host
 * can answer a watchdog ping, or refuse a command while a long move runs, without parsing it.
 */
export function typeOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
}

export function requestIdOf(raw: unknown): number | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'number' ? id : undefined;
}
