import type { ModelWriteContext } from '../events';

/**
 * Refuses a storage request the way AWS's API would: nothing changes, the reason is traced and
 * kept in `world.storage.lastError` for the UI. Never throws (a throw would abort the whole batch).
 */
export function refuse(ctx: ModelWriteContext, action: string, message: string): void {
  ctx.mut('world', 'storage').lastError = { at: ctx.now, action, message };
  ctx.touch('storage.error', action);
  ctx.trace('error', `${action} refused: ${message}`, { action });
}
