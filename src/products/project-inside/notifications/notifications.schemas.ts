// The notification centre the mobile app calls: inbox list/read/delete, hearts and emotions, device push tokens.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, StringEnum, Uuid } from '../../../core/http/schemas.js';

// No control characters (C0, DEL, C1) and no bidirectional overrides/isolates.
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]+$';

export const NotificationItem = Type.Object({
  id: Uuid(),
  type: Type.String({ description: 'message (a heart), emotion, invite (relationship requests and answers), system, …' }),
  title: Type.String(),
  message: Type.String(),
  read: Type.Boolean(),
  timestamp: Type.Integer({ description: 'Milliseconds since the epoch (the app sorts by it)' }),
  created_at: DateTime(),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    description: 'Extra fields the live event also carries (sender_id, emotion_kind, relationship_id, kind, …)',
  }),
});
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'Only notifications of this type' })),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationParams = Type.Object({ notification_id: Uuid() });

export const Ok = Type.Object({ ok: Type.Boolean() });
export const ReadAll = Type.Object({ ok: Type.Boolean(), updated: Type.Integer({ description: 'How many were unread' }) });
export const UnreadCount = Type.Object({ unread: Type.Integer() });

export const SendHeart = Body({ target_user_id: Uuid({ description: 'Someone I share an active relationship with (both accepted)' }) });
export type SendHeart = Static<typeof SendHeart>;

export const SendEmotion = Body({
  target_user_id: Uuid({ description: 'Someone I share an active relationship with (both accepted)' }),
  emotion_kind: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 32,
      pattern: PRINTABLE,
      description: 'e.g. love (default), hug, miss_you; up to 32 characters, no control characters',
    }),
  ),
});
export type SendEmotion = Static<typeof SendEmotion>;

export const PUSH_PLATFORMS = ['ios', 'android'] as const;

export const PushTokenRegister = Body({
  token: Type.String({ minLength: 1, maxLength: 512, description: 'The FCM/APNs device token (printable ASCII, no spaces)' }),
  platform: StringEnum([...PUSH_PLATFORMS, 'IOS', 'ANDROID', 'iOS', 'Android'], { description: 'ios or android' }),
});
export type PushTokenRegister = Static<typeof PushTokenRegister>;

export const PushTokenRemove = Body({ token: Type.String({ minLength: 1, maxLength: 512, description: 'A token this user registered' }) });
