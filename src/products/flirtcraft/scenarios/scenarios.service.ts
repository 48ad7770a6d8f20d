// Scenarios: the catalogue as a user may see it, and the AI-generated pre-conversation context.
import { AppError, forbidden } from '../../../core/http/errors.js';
import type { Ctx } from '../shared/context.js';
import type { ProfileRow, ScenarioRow } from '../db.js';
import { findProfile, isPremium } from '../users/profiles.repo.js';
import { buildContext, type ConversationContext } from '../partner/context.js';
import { generateCharacter } from '../partner/partner.service.js';
import type { TargetGender } from '../partner/character.js';
import { findScenario, listScenarios, upsertScenarios } from './scenarios.repo.js';
import { SCENARIOS, type Difficulty } from './catalogue.js';

export const seedScenarios = (ctx: Ctx) => upsertScenarios(ctx.db.dz, SCENARIOS);

export async function listFor(ctx: Ctx, userId: string | null, q: { include_premium?: boolean | undefined; available_only?: boolean | undefined }) {
  const premium = userId ? isPremium(await findProfile(ctx.db.dz, userId), ctx.now()) : false;
  const all = await listScenarios(ctx.db.dz);
  const items = q.available_only ? all.filter((s) => !s.isPremium || premium) : q.include_premium ? all : all.filter((s) => !s.isPremium);
  return { items, premium };
}

export async function scenarioOr404(ctx: Ctx, type: string): Promise<ScenarioRow> {
  const s = await findScenario(ctx.db.dz, type);
  if (!s) throw new AppError('scenario_not_found', 404, `Scenario '${type}' not found`);
  return s;
}

export function requireAccess(s: ScenarioRow, premium: boolean): void {
  if (s.isPremium && !premium) throw forbidden('Premium subscription required for this scenario', 'premium_required');
}

export const scenarioContent = (s: Pick<ScenarioRow, 'type' | 'displayName' | 'contextTemplates' | 'difficultyModifiers'>) => ({
  type: s.type,
  display_name: s.displayName,
  context_templates: s.contextTemplates,
  difficulty_modifiers: s.difficultyModifiers,
});

/** A character for this user (their preferred gender and ages), the place and the difficulty's tips. */
export async function makeContext(
  ctx: Ctx,
  userId: string,
  s: ScenarioRow,
  difficulty: Difficulty,
  profile: ProfileRow | undefined,
): Promise<ConversationContext> {
  const content = scenarioContent(s);
  const character = await generateCharacter(ctx, userId, {
    scenario: content,
    difficulty,
    targetGender: (profile?.targetGender as TargetGender | null | undefined) ?? null,
    ageMin: profile?.targetAgeMin ?? null,
    ageMax: profile?.targetAgeMax ?? null,
    variant: `${userId}|${Math.floor(ctx.now() / 60_000)}`,
  });
  return buildContext(content, difficulty, character, ctx.now());
}

/** POST /scenarios/{type}/context and the client's POST /conversations/context. */
export async function generateContext(ctx: Ctx, userId: string, type: string, difficulty: Difficulty) {
  const s = await scenarioOr404(ctx, type);
  const profile = await findProfile(ctx.db.dz, userId);
  requireAccess(s, isPremium(profile, ctx.now()));
  await ctx.limits.consume('AI_REQUESTS_PER_USER', userId);
  const context = await makeContext(ctx, userId, s, difficulty, profile);
  return { context, personalized: Boolean(profile?.targetGender) };
}

export function presentScenario(s: ScenarioRow, premium: boolean) {
  return {
    id: s.id,
    type: s.type,
    display_name: s.displayName,
    description: s.description,
    is_premium: s.isPremium,
    is_active: s.isActive,
    is_available: !s.isPremium || premium,
    context_templates: s.contextTemplates,
    difficulty_modifiers: s.difficultyModifiers,
    created_at: s.createdAt.toISOString(),
  };
}
