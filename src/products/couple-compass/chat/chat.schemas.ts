// Chat schemas: the web client's AI-mediated chat, alone or with the partner (its field names and values).
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, PageQuery, StringEnum, Uuid } from '../../../core/http/schemas.js';

/** `individual` and `couple` are accepted as older names of `ai_mediation` and `couple_chat`. */
export const SessionCreate = Body({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  session_type: Type.Optional(StringEnum(['ai_mediation', 'couple_chat', 'individual', 'couple'])),
});

export const ChatSession = Type.Object({
  id: Uuid(),
  title: Type.String(),
  session_type: Type.String({ description: 'ai_mediation (me and the AI) | couple_chat (my partner joined)' }),
  status: Type.String({ description: 'active' }),
  user_id: Uuid({ description: 'The owner' }),
  partner_user_id: Nullable(Uuid({ description: 'The partner who joined' })),
  couple_id: Nullable(Uuid()),
  summary: Nullable(Type.String()),
  message_count: Type.Integer(),
  last_message_at: Nullable(DateTime()),
  last_activity: DateTime(),
  created_at: DateTime(),
  updated_at: DateTime(),
});
export const ChatSessionList = Type.Array(ChatSession);

export const MessageMetadata = Type.Object({
  suggested_actions: Type.Optional(Type.Array(Type.String())),
  confidence_score: Type.Optional(Type.Number()),
});

export const ChatMessage = Type.Object({
  id: Uuid(),
  session_id: Uuid(),
  user_id: Nullable(Uuid({ description: 'The sender; null for the AI' })),
  role: Type.String({ description: 'user (me) | partner (the other person) | ai' }),
  content: Type.String(),
  message_type: Type.String(),
  metadata: MessageMetadata,
  is_edited: Type.Boolean(),
  is_deleted: Type.Boolean(),
  created_at: DateTime(),
  updated_at: DateTime(),
});

export const ChatSessionDetail = Type.Composite([ChatSession, Type.Object({ messages: Type.Array(ChatMessage) })]);

export const SessionParams = Type.Object({ session_id: Uuid() });
export const MessageCreate = Body({
  content: Type.String({ minLength: 1, maxLength: 4000 }),
  message_type: Type.Optional(StringEnum(['text'])),
});
export const MessageExchange = Type.Object({
  user_message: ChatMessage,
  ai_response: Nullable(ChatMessage, { description: 'Null when the AI was not asked (a couple chat that does not mention AI or advisor)' }),
  suggested_actions: Type.Array(Type.String()),
  confidence_score: Nullable(Type.Number()),
});
export const HistoryQuery = PageQuery;
export const ChatHistory = Type.Array(ChatMessage);
export const TitleUpdate = Body({ title: Type.String({ minLength: 1, maxLength: 200 }) });
export const Summary = Type.Object({ session_id: Uuid(), summary: Type.String() });
export const ChatStats = Type.Object({
  total_sessions: Type.Integer(),
  total_messages: Type.Integer({ description: 'Messages written by people' }),
  total_ai_responses: Type.Integer(),
  active_sessions: Type.Integer({ description: 'Sessions with activity in the last 7 days' }),
  couple_sessions: Type.Integer(),
  average_messages_per_session: Type.Number(),
});

export const Invitation = Type.Object({
  id: Uuid(),
  session_id: Uuid(),
  session_title: Type.String(),
  inviter_id: Uuid(),
  inviter_name: Nullable(Type.String()),
  invitee_id: Uuid(),
  status: Type.String({ description: 'pending | accepted | declined | expired' }),
  invitation_message: Nullable(Type.String()),
  expires_at: DateTime(),
  responded_at: Nullable(DateTime()),
  created_at: DateTime(),
  updated_at: DateTime(),
});
export const InvitationList = Type.Array(Invitation);
export const InvitationParams = Type.Object({ invitation_id: Uuid() });
export const AcceptResponse = Type.Object({ message: Type.String(), session_id: Uuid() });

export const Participant = Type.Object({ user_id: Uuid(), name: Nullable(Type.String()), role: Type.String({ description: 'owner | partner' }) });
export const Participants = Type.Object({ session_id: Uuid(), participants: Type.Array(Participant) });
export const MessageResponse = Type.Object({ message: Type.String() });
