// Pokes: the only place their SQL lives.
import { desc, eq } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import { pokes, profiles, type PokeRow } from './db.js';

export async function insertPoke(dz: Dz, p: { relationshipId: string; senderId: string; receiverId: string; type: string; emoji: string | null }): Promise<PokeRow> {
  return (await dz.insert(pokes).values(p).returning())[0]!;
}

/** The name a poke is signed with (the profile's display name; null when the user has not set one). */
export async function displayName(dz: Dz, userId: string): Promise<string | null> {
  const rows = await dz.select({ name: profiles.displayName }).from(profiles).where(eq(profiles.userId, userId)).limit(1);
  return rows[0]?.name ?? null;
}

/** Newest first; ties (same instant) broken by id so pages never overlap. */
export async function listForRelationship(dz: Dz, relationshipId: string, limit: number, offset: number): Promise<PokeRow[]> {
  return dz.select().from(pokes).where(eq(pokes.relationshipId, relationshipId)).orderBy(desc(pokes.createdAt), desc(pokes.id)).limit(limit).offset(offset);
}
