// A generation task as clients follow it.
import type { TaskRow } from '../db.js';
import type { Task } from './generate.schemas.js';
import { iso } from '../../../core/iso.js';

export const presentTask = (t: TaskRow): Task => ({
  task_id: t.id,
  status: t.status as Task['status'],
  book_id: t.bookId,
  attempts: t.attempts,
  error: t.error,
  created_at: t.createdAt.toISOString(),
  started_at: iso(t.startedAt),
  finished_at: iso(t.finishedAt),
});
