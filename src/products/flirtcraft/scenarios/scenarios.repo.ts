// The scenario catalogue rows.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { scenarios, type ScenarioRow } from '../db.js';
import type { ScenarioContent } from './catalogue.js';

/** Inserts or refreshes each scenario by `type` (idempotent; ids stay stable). */
export async function upsertScenarios(dz: Dz, items: readonly ScenarioContent[]): Promise<void> {
  for (const s of items) {
    const values = {
      type: s.type,
      displayName: s.display_name,
      description: s.description,
      isPremium: s.is_premium,
      isActive: true,
      sortOrder: s.sort_order,
      contextTemplates: s.context_templates,
      difficultyModifiers: s.difficulty_modifiers,
    };
    await dz
      .insert(scenarios)
      .values(values)
      .onConflictDoUpdate({
        target: scenarios.type,
        set: { ...values, updatedAt: new Date() },
        // Unchanged content leaves the row (and its updated_at) alone.
        setWhere: sql`(${scenarios.displayName}, ${scenarios.description}, ${scenarios.isPremium}, ${scenarios.sortOrder}, ${scenarios.contextTemplates}, ${scenarios.difficultyModifiers}) IS DISTINCT FROM (excluded.display_name, excluded.description, excluded.is_premium, excluded.sort_order, excluded.context_templates, excluded.difficulty_modifiers)`,
      });
  }
}

export function listScenarios(dz: Dz): Promise<ScenarioRow[]> {
  return dz.select().from(scenarios).where(eq(scenarios.isActive, true)).orderBy(asc(scenarios.sortOrder), asc(scenarios.type));
}

export async function findScenario(dz: Dz, type: string): Promise<ScenarioRow | undefined> {
  const [s] = await dz
    .select()
    .from(scenarios)
    .where(and(eq(scenarios.type, type), eq(scenarios.isActive, true)));
  return s;
}
