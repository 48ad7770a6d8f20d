// Journal and voice-note schemas.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

const Visibility = StringEnum(['private', 'shared']);

export const JournalCreate = Body({
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  visibility: Type.Optional(Visibility),
});

export const JournalUpdate = Body({
  content: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
  visibility: Type.Optional(Visibility),
});

export const Journal = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  couple_id: Nullable(Uuid()),
  content: Type.String(),
  visibility: Type.String(),
  sentiment_score: Nullable(Type.Integer({ minimum: 1, maximum: 5, description: 'null until the analysis job has run' })),
  themes: Nullable(Type.Array(Type.String())),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export const JournalList = Type.Array(Journal);
export const JournalParams = Type.Object({ journal_id: Uuid() });

export const VoiceNote = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  content_type: Type.String(),
  size_bytes: Type.Integer(),
  duration_seconds: Nullable(Type.Integer()),
  transcript: Nullable(Type.String()),
  transcript_status: Type.String({ description: 'pending | completed | failed' }),
  visibility: Type.String(),
  download_url: Type.String(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export const VoiceNoteList = Type.Array(VoiceNote);
export const VoiceNoteParams = Type.Object({ voice_note_id: Uuid() });
