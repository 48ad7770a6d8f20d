// Reads for the course pages: a track's lessons in order.
import { asc, eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import type { TargetLanguage } from '../content/types.js';
import { lessons } from '../db.js';

export type TrackLessonRow = typeof lessons.$inferSelect;

/** The track's lessons, beginner first (sort_order is level × 1000 + position). */
export async function lessonsOfTrack(dz: Dz, language: TargetLanguage): Promise<TrackLessonRow[]> {
  return dz.select().from(lessons).where(eq(lessons.targetLanguage, language)).orderBy(asc(lessons.sortOrder), asc(lessons.id));
}
