// Badge catalogue and earned-badge shapes.
import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../../../core/http/schemas.js';

export const Badge = Type.Object({
  badge_id: Type.String({ description: 'B001–B008' }),
  name: Type.String(),
  description: Type.String(),
  icon: Type.String(),
  criteria: Type.String(),
});
export type Badge = Static<typeof Badge>;

export const EarnedBadge = Type.Composite([Badge, Type.Object({ earned_at: DateTime() })]);
export type EarnedBadge = Static<typeof EarnedBadge>;
