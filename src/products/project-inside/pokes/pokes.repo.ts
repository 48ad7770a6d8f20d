// Pokes: the only place their SQL lives.
import { desc, eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { pokes, type PokeRow } from '../db.js';

export async function insertPoke(
  dz: Dz,
  p: { relationshipId: string; senderId: string; receiverId: string; type: string; emoji: string | null; createdAt: Date },
): Promise<PokeRow> {
  return (await dz.insert(pokes).values(p).returning())[0]!;
}

/** Newest first; ties (same instant) broken by id so pages never overlap. */
export async function listForRelationship(dz: Dz, relationshipId: string, limit: number, offset: number): Promise<PokeRow[]> {
  return dz.select().from(pokes).where(eq(pokes.relationshipId, relationshipId)).orderBy(desc(pokes.createdAt), desc(pokes.id)).limit(limit).offset(offset);
}
