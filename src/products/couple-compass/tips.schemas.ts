// Tip schemas.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

export const Tip = Type.Object({
  id: Uuid(),
  title: Type.String(),
  content: Type.String(),
  category: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  priority_score: Type.Integer(),
});
export const TipList = Type.Array(Tip);

export const TipQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 100 })),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const UserTip = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  tip_id: Uuid(),
  status: Type.String({ description: 'suggested | viewed | dismissed | helpful' }),
  context_json: Nullable(Type.Record(Type.String(), Type.Unknown())),
  viewed_at: Nullable(DateTime()),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
  tip: Tip,
});
export const UserTipList = Type.Array(UserTip);
export const UserTipOrNull = Nullable(UserTip);

export const GenerateResult = Type.Object({
  tips: UserTipList,
  remaining_today: Type.Integer({ description: 'Explicit generations left today (3 per day)' }),
});

export const UserTipParams = Type.Object({ user_tip_id: Uuid() });
export const UserTipUpdate = Body({ status: StringEnum(['viewed', 'dismissed', 'helpful']) });
export const ViewRequest = Body({ tip_id: Uuid({ description: 'The suggested tip (user tip id or catalogue tip id)' }) });
export const HistoryQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) });
