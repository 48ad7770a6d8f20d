// The languages offered (public) and the onboarding answers (native language, language to learn, goal, level).
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { TRACKS, targetLanguageOf } from '../courses/tracks.js';
import { cacheOf } from '../learner/learner.service.js';
import { lessonCounts } from '../learner/learner.repo.js';
import * as repo from './onboarding.repo.js';
import type { OnboardingBody } from './onboarding.schemas.js';

/** The catalogue changes only with a deploy (seed at start-up): a few minutes of cache is harmless. */
const LANGUAGES_TTL_S = 300;

export async function languages(ctx: ProductContext) {
  return cacheOf(ctx).get('public', 'languages', LANGUAGES_TTL_S, async () => {
    const counts = await lessonCounts(ctx.db.dz);
    return {
      languages: TRACKS.map((t) => ({ code: t.code, name: t.language, country: t.country, target_language: t.id, lesson_count: counts.get(t.id) ?? 0 })),
    };
  });
}

/**
 * Stores the answers on my profile and marks me onboarded. A language to learn that is one of ours (rw/en/fr or its
 * name) becomes my target language; another one is accepted (the client offers more) but changes nothing.
 */
export async function saveOnboarding(ctx: ProductContext, userId: string, body: OnboardingBody): Promise<{ ok: true }> {
  const patch: repo.OnboardingPatch = {};
  if (body.native_lang !== undefined) patch.nativeLanguage = body.native_lang?.trim().toLowerCase() ?? null;
  if (body.goal !== undefined) patch.learningGoal = body.goal;
  if (body.level !== undefined) patch.startingLevel = body.level;
  const target = body.learn_lang ? targetLanguageOf(body.learn_lang) : undefined;
  if (target) patch.targetLanguage = target;
  if (!(await repo.saveOnboarding(ctx.db.dz, userId, patch, new Date(ctx.now())))) throw notFound('User not found');
  return { ok: true };
}
