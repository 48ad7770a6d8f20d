// Couple Compass's own settings (COUPLE_COMPASS_<KEY>), read and checked at start-up.
import { Type, type Static } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';

export const settings = Type.Object({
  VOICE_NOTE_QUOTA_BYTES: Type.Integer({
    default: 200 * 1024 * 1024,
    minimum: 0,
    description: "total size of one user's voice notes in bytes; an upload past it answers 413 (0 = no limit)",
  }),
});
export type Settings = Static<typeof settings>;

export const settingsOf = (ctx: ProductContext): Settings => ctx.settings as Settings;
