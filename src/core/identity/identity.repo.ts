// The only place that touches the identity tables.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.js';
import type { Dz } from '../db/connect.js';
import { emailTokens, refreshTokens, sessions, users, type UserRow } from './db.js';

export async function findUserByEmail(dz: Dz, product: string, email: string): Promise<UserRow | undefined> {
  const q = prepared(dz, 'identity_user_by_email', (d) =>
    d
      .select()
      .from(users)
      .where(and(eq(users.product, sql.placeholder('product')), sql`lower(${users.email}) = lower(${sql.placeholder('email')})`))
      .limit(1)
      .prepare('identity_user_by_email'),
  );
  return (await q.execute({ product, email }))[0];
}

export async function findUserById(dz: Dz, product: string, id: string): Promise<UserRow | undefined> {
  const rows = await dz
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.product, product)))
    .limit(1);
  return rows[0];
}

export async function insertUser(
  dz: Dz,
  u: { product: string; email: string; passwordHash: string | null; isSuperuser?: boolean; isVerified?: boolean },
): Promise<UserRow> {
  const rows = await dz.insert(users).values(u).returning();
  return rows[0]!;
}

export async function updateUser(dz: Dz, id: string, patch: Partial<Pick<UserRow, 'passwordHash' | 'isActive' | 'isVerified' | 'email'>>): Promise<void> {
  await dz
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function deleteUser(dz: Dz, id: string): Promise<void> {
  await dz.delete(users).where(eq(users.id, id));
}

export async function insertSession(
  dz: Dz,
  s: { userId: string; product: string; expiresAt: Date; userAgent?: string | null; ip?: string | null },
): Promise<string> {
  const rows = await dz.insert(sessions).values(s).returning({ id: sessions.id });
  return rows[0]!.id;
}

export async function insertRefreshToken(dz: Dz, sessionId: string, tokenHash: string): Promise<void> {
  await dz.insert(refreshTokens).values({ sessionId, tokenHash });
}

export interface RefreshLookup {
  tokenId: string;
  rotatedAt: Date | null;
  sessionId: string;
  product: string;
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  userActive: boolean;
}

export async function findRefreshTokenForUpdate(dz: Dz, tokenHash: string): Promise<RefreshLookup | undefined> {
  const rows = await dz
    .select({
      tokenId: refreshTokens.id,
      rotatedAt: refreshTokens.rotatedAt,
      sessionId: sessions.id,
      product: sessions.product,
      userId: sessions.userId,
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
      userActive: users.isActive,
    })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .for('update')
    .limit(1);
  return rows[0];
}

/** Marks a token as exchanged; false when another request did so first. */
export async function markRotated(dz: Dz, tokenId: string, at: Date): Promise<boolean> {
  const rows = await dz
    .update(refreshTokens)
    .set({ rotatedAt: at })
    .where(and(eq(refreshTokens.id, tokenId), isNull(refreshTokens.rotatedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export async function extendSession(dz: Dz, sessionId: string, expiresAt: Date): Promise<void> {
  await dz.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(dz: Dz, sessionId: string, reason: string): Promise<void> {
  await dz
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every live session of a user; returns their ids (for cache invalidation). */
export async function revokeUserSessions(dz: Dz, userId: string, reason: string): Promise<string[]> {
  const rows = await dz
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export interface SessionState {
  userId: string;
  product: string;
  revokedAt: Date | null;
  expiresAt: Date;
  userActive: boolean;
}

export async function findSessionState(dz: Dz, sessionId: string): Promise<SessionState | undefined> {
  const q = prepared(dz, 'identity_session_state', (d) =>
    d
      .select({
        userId: sessions.userId,
        product: sessions.product,
        revokedAt: sessions.revokedAt,
        expiresAt: sessions.expiresAt,
        userActive: users.isActive,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .limit(1)
      .prepare('identity_session_state'),
  );
  return (await q.execute({ id: sessionId }))[0];
}

export async function insertEmailToken(dz: Dz, t: { userId: string; product: string; purpose: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  await dz.insert(emailTokens).values(t);
}

/** Older unused tokens of the same purpose stop working when a new one is sent. */
export async function retireEmailTokens(dz: Dz, userId: string, purpose: string): Promise<void> {
  await dz
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
}

/** Atomically uses a token: only one caller ever gets the user id back. */
/** `at`: the service's clock, the one the token's expiry was set with. */
export async function consumeEmailToken(dz: Dz, product: string, purpose: string, tokenHash: string, at: Date = new Date()): Promise<string | undefined> {
  const rows = await dz
    .update(emailTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(emailTokens.tokenHash, tokenHash),
        eq(emailTokens.product, product),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, at),
      ),
    )
    .returning({ userId: emailTokens.userId });
  return rows[0]?.userId;
}

/** Of these sessions, the ones no longer live: revoked, expired, gone, or their user deactivated. */
export async function endedSessions(dz: Dz, ids: string[], at: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const live = await dz
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(inArray(sessions.id, ids), isNull(sessions.revokedAt), gt(sessions.expiresAt, at), eq(users.isActive, true)));
  const alive = new Set(live.map((r) => r.id));
  return ids.filter((id) => !alive.has(id));
}
