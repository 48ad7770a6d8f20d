// Up to five next lessons for the learner, in their target language.
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as lessons from '../lessons/lessons.repo.js';
import * as progress from '../progress/progress.repo.js';
import * as users from '../users/users.repo.js';
import type { Recommendation } from './recommendations.schemas.js';
import { recommend } from './rules.js';

export async function recommendationsFor(ctx: ProductContext, userId: string): Promise<Recommendation[]> {
  const profile = await users.findProfile(ctx.db.dz, userId);
  if (!profile) throw notFound('User not found');
  const [catalogue, records] = [
    await lessons.listLessons(ctx.db.dz, { targetLanguage: profile.targetLanguage }, { skip: 0, limit: 10_000 }),
    await progress.progressWithLessons(ctx.db.dz, userId),
  ];
  const picks = recommend(
    catalogue.map((l) => ({ ...l, lessonId: l.id })),
    records.map((r) => ({ lessonId: r.lessonId, difficulty: r.difficulty, score: r.score, completed: r.completed, at: r.completedAt ?? r.updatedAt })),
  );
  return picks.map(({ lesson: l, reason, confidence }) => ({
    lesson_id: l.id,
    title: l.title,
    description: l.description,
    difficulty: l.difficulty,
    category: l.category,
    duration: l.duration,
    reason,
    confidence,
  }));
}
