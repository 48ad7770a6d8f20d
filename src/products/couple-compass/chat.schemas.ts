// Chat schemas (the web client's AI-mediated chat with the partner).
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, PageQuery, StringEnum, Uuid } from '../../core/http/schemas.js';

export const SessionCreate = Body({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  session_type: Type.Optional(StringEnum(['individual', 'couple'])),
});

export const ChatSession = Type.Object({
  id: Uuid(),
  title: Type.String(),
  session_type: Type.String(),
  owner_id: Uuid(),
  partner_id: Nullable(Uuid()),
  couple_id: Nullable(Uuid()),
  summary: Nullable(Type.String()),
  message_count: Type.Integer(),
  last_message_at: Nullable(DateTime()),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export const ChatSessionList = Type.Array(ChatSession);

export const ChatMessage = Type.Object({
  id: Uuid(),
  session_id: Uuid(),
  sender_id: Nullable(Uuid()),
  role: Type.String({ description: 'user | assistant' }),
  content: Type.String(),
  suggested_actions: Nullable(Type.Array(Type.String())),
  confidence_score: Nullable(Type.Number()),
  created_at: DateTime(),
});

export const ChatSessionDetail = Type.Composite([ChatSession, Type.Object({ messages: Type.Array(ChatMessage) })]);

export const SessionParams = Type.Object({ session_id: Uuid() });
export const MessageCreate = Body({ content: Type.String({ minLength: 1, maxLength: 4000 }) });
export const MessageExchange = Type.Object({
  user_message: ChatMessage,
  ai_response: ChatMessage,
  suggested_actions: Type.Array(Type.String()),
  confidence_score: Type.Number(),
});
export const HistoryQuery = PageQuery;
export const ChatHistory = Type.Object({
  session_id: Uuid(),
  messages: Type.Array(ChatMessage),
  total_count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export const TitleUpdate = Body({ title: Type.String({ minLength: 1, maxLength: 200 }) });
export const Summary = Type.Object({ session_id: Uuid(), summary: Type.String() });
export const ChatStats = Type.Object({
  total_sessions: Type.Integer(),
  total_messages: Type.Integer(),
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
  expires_at: DateTime(),
  created_at: DateTime(),
});
export const InvitationList = Type.Array(Invitation);
export const InvitationParams = Type.Object({ invitation_id: Uuid() });

export const Participant = Type.Object({ user_id: Uuid(), name: Nullable(Type.String()), role: Type.String({ description: 'owner | partner' }) });
export const ParticipantList = Type.Array(Participant);
export const MessageResponse = Type.Object({ message: Type.String() });
