import { z } from 'zod';
import { entityId } from '../../lessons/primitives';
import { guestSpecSchema } from './scenario';

export const launchGuestAction = z.strictObject({
  type: z.literal('guest.launch'),
  host: entityId,
  guest: guestSpecSchema.omit({ bootAt: true }),
});

export const destroyGuestAction = z.strictObject({
  type: z.literal('guest.destroy'),
  guest: entityId,
});

export const HYPERVISOR_ACTIONS = [launchGuestAction, destroyGuestAction] as const;
