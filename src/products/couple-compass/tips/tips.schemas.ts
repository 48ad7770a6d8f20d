// Tip schemas.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

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

/** The web client's tip card: one suggestion, flat. */
export const ClientTip = Type.Object({
  id: Uuid({ description: 'The suggestion (user tip) id' }),
  tip_id: Uuid(),
  title: Type.String(),
  content: Type.String(),
  category: Type.String({ description: 'A display label, e.g. Communication, Quality Time' }),
  status: Type.String({ description: 'suggested | viewed | dismissed | helpful' }),
  created_at: DateTime({ description: 'When it was suggested' }),
});
export const ClientTipOrNull = Nullable(ClientTip);
export const GenerateResult = Type.Composite([
  ClientTip,
  Type.Object({ remaining_today: Type.Integer({ description: 'Generations left today (3 per day)' }) }),
]);
export const TipHistory = Type.Object({
  tips: Type.Array(ClientTip),
  total_count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

export const UserTipParams = Type.Object({ user_tip_id: Uuid() });
export const UserTipUpdate = Body({ status: StringEnum(['viewed', 'dismissed', 'helpful']) });
export const ViewRequest = Body({ tip_id: Uuid({ description: 'The suggested tip (user tip id or catalogue tip id)' }) });
export const HistoryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
