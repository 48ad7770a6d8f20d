// Notification shapes (the origin web client's bell and notifications page).
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable } from '../../../core/http/schemas.js';

export const NotificationQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
  limit: Type.Integer({ minimum: 0, maximum: 100, default: 50, description: 'Items to return (default 50, at most 100)' }),
});

export const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  message: Type.String(),
  link: Nullable(Type.String({ description: 'A page of the web client, e.g. /dashboard/achievements' })),
  sent_at: DateTime(),
  is_read: Type.Boolean(),
});
export type Notification = Static<typeof Notification>;

export const UnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) });
export const MarkedRead = Type.Object({ ok: Type.Literal(true), marked: Type.Integer({ minimum: 0, description: 'How many were unread' }) });
