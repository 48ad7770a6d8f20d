// Accounts, sessions and tokens for every product: sign-up, login, refresh rotation with theft detection, logout.
import { createHmac } from 'node:crypto';
import type { Database, Dz, Tx } from '../db/connect.js';
import { pgErrorCode } from '../db/connect.js';
import type { UserRow } from './db.js';
import * as repo from './identity.repo.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { createAccessTokenSigner, InvalidTokenError, randomToken, sha256, type AccessClaims, type AccessTokenSigner } from './tokens.js';
import type { SessionCache } from './session-cache.js';

export type IdentityErrorKind = 'email_taken' | 'invalid_credentials' | 'inactive' | 'invalid_refresh' | 'invalid_token' | 'expired_token' | 'session_revoked';

export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(public kind: IdentityErrorKind) {
    super(kind);
  }
}

export interface SessionTtls {
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
}

export interface AuthenticatedUser {
  id: string;
  /** The session of our access token; '' for a token another service issued (there is no session of ours). */
  sessionId: string;
  product: string;
  /** True when the request came with a token another service issued (`ProductModule.externalTokens`). */
  external?: boolean;
}

export interface ClientInfo {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export function createIdentity(deps: { db: Database; secret: Uint8Array; sessions: SessionCache; now?: () => number; refreshReuseIntervalS?: number }) {
  const { db, sessions } = deps;
  const now = deps.now ?? Date.now;
  const signer: AccessTokenSigner = createAccessTokenSigner(deps.secret, now);

  async function issuePair(dz: Dz, user: UserRow, ttls: SessionTtls, client: ClientInfo): Promise<TokenPair> {
    const sessionId = await repo.insertSession(dz, {
      userId: user.id,
      product: user.product,
      expiresAt: new Date(now() + ttls.refreshTokenTtlS * 1000),
      userAgent: client.userAgent?.slice(0, 255) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    });
    const refreshToken = randomToken();
    await repo.insertRefreshToken(dz, sessionId, sha256(refreshToken));
    const accessToken = await signer.sign({ userId: user.id, sessionId, product: user.product, ttlS: ttls.accessTokenTtlS });
    return { accessToken, refreshToken, expiresIn: ttls.accessTokenTtlS, sessionId };
  }

  return {
    signer,
    hashPassword,

    /**
     * A token derived from the server secret for (purpose, subject): the same every time, so a link can be shown
     * again without storing the token itself (store `sha256(token)` to look it up).
     */
    derivedToken(purpose: string, subject: string): string {
      return createHmac('sha256', deps.secret).update(`${purpose}\0${subject}`).digest('base64url');
    },

    /**
     * Creates the user inside the caller's transaction (so the product can add its profile atomically).
     * Hash the password before opening the transaction: `hashPassword` is ~15 ms of CPU.
     */
    async createUser(
      dz: Dz,
      u: { product: string; email: string; passwordHash: string | null; isSuperuser?: boolean; isVerified?: boolean },
    ): Promise<UserRow> {
      try {
        return await repo.insertUser(dz, u);
      } catch (e) {
        if (pgErrorCode(e) === '23505') throw new IdentityError('email_taken');
        throw e;
      }
    },

    async emailExists(product: string, email: string): Promise<boolean> {
      return (await repo.findUserByEmail(db.dz, product, email)) !== undefined;
    },

    findUser: (product: string, id: string) => repo.findUserById(db.dz, product, id),
    findUserByEmail: (product: string, email: string) => repo.findUserByEmail(db.dz, product, email),

    /** Returns the user for correct credentials; an unknown e-mail costs the same time as a wrong password. */
    async checkCredentials(product: string, email: string, password: string): Promise<UserRow> {
      const user = await repo.findUserByEmail(db.dz, product, email);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
      if (!user || !user.passwordHash || !ok) throw new IdentityError('invalid_credentials');
      if (!user.isActive) throw new IdentityError('inactive');
      return user;
    },

    /** Starts a session (refresh family) for a user; pass `dz` to do it inside the sign-up transaction. */
    startSession(user: UserRow, ttls: SessionTtls, client: ClientInfo = {}, dz: Dz = db.dz): Promise<TokenPair> {
      return issuePair(dz, user, ttls, client);
    },

    /** Exchanges a refresh token for a new pair; a token presented twice revokes its whole family. */
    async refresh(product: string, refreshToken: string, ttls: SessionTtls): Promise<{ pair: TokenPair; userId: string }> {
      if (typeof refreshToken !== 'string' || refreshToken.length < 20 || refreshToken.length > 200) {
        throw new IdentityError('invalid_refresh');
      }
      const hash = sha256(refreshToken);
      const reuseMs = (deps.refreshReuseIntervalS ?? 10) * 1000;
      const outcome = await db.transaction(async (tx) => {
        const found = await repo.findRefreshTokenForUpdate(tx.dz, hash);
        if (!found || found.product !== product) return { error: 'invalid_refresh' as const };
        if (found.revokedAt || found.expiresAt.getTime() <= now()) return { error: 'invalid_refresh' as const };
        if (found.rotatedAt) {
          // Two tabs, a retry, an app refreshing per failed request: within the reuse interval the same token
          // yields another working pair of the same session. Later, a second use means the token was stolen.
          if (now() - found.rotatedAt.getTime() > reuseMs) {
            await repo.revokeSession(tx.dz, found.sessionId, 'refresh_reuse');
            return { error: 'invalid_refresh' as const, revoked: found.sessionId };
          }
        } else if (!(await repo.markRotated(tx.dz, found.tokenId, new Date(now())))) {
          return { error: 'invalid_refresh' as const };
        }
        if (!found.userActive) return { error: 'inactive' as const };
        const next = randomToken();
        await repo.insertRefreshToken(tx.dz, found.sessionId, sha256(next));
        await repo.extendSession(tx.dz, found.sessionId, new Date(now() + ttls.refreshTokenTtlS * 1000));
        return { sessionId: found.sessionId, userId: found.userId, refreshToken: next };
      });
      if ('error' in outcome && outcome.error) {
        if ('revoked' in outcome && outcome.revoked) sessions.revoked([outcome.revoked]);
        throw new IdentityError(outcome.error);
      }
      const accessToken = await signer.sign({ userId: outcome.userId, sessionId: outcome.sessionId, product, ttlS: ttls.accessTokenTtlS });
      return {
        userId: outcome.userId,
        pair: { accessToken, refreshToken: outcome.refreshToken, expiresIn: ttls.accessTokenTtlS, sessionId: outcome.sessionId },
      };
    },

    /** Checks an access token and that its session is still live (cached briefly, cleared on revocation). */
    /**
     * `verified`: the signature check of this token already started for this request (the rate limiter does it to
     * key by user), so it is not done twice.
     */
    async authenticate(product: string, token: string, verified?: Promise<AccessClaims>): Promise<AuthenticatedUser> {
      let claims;
      try {
        claims = await (verified ?? signer.verify(token, product));
      } catch (e) {
        throw new IdentityError(e instanceof InvalidTokenError && e.reason === 'expired' ? 'expired_token' : 'invalid_token');
      }
      const cached = sessions.get(claims.sessionId);
      if (cached) {
        if (cached.userId !== claims.userId || cached.product !== product) throw new IdentityError('invalid_token');
        return { id: claims.userId, sessionId: claims.sessionId, product };
      }
      const state = await repo.findSessionState(db.dz, claims.sessionId);
      if (!state || state.userId !== claims.userId || state.product !== product) throw new IdentityError('invalid_token');
      if (state.revokedAt || state.expiresAt.getTime() <= now()) throw new IdentityError('session_revoked');
      if (!state.userActive) throw new IdentityError('inactive');
      sessions.set(claims.sessionId, { userId: state.userId, product }, state.expiresAt.getTime());
      return { id: claims.userId, sessionId: claims.sessionId, product };
    },

    async logout(sessionId: string): Promise<void> {
      if (sessionId === '') return; // an external token's sign-in: its issuer ends it
      await repo.revokeSession(db.dz, sessionId, 'logout');
      sessions.revoked([sessionId]);
    },

    /** Logs the user out everywhere (password change, account deactivation). */
    /**
     * Logs the user out everywhere. Inside a caller's transaction (`dz` given) the revocation is only announced to
     * other processes and open sockets by `announceRevoked` after that transaction commits: pass the returned ids.
     */
    async revokeAllSessions(userId: string, reason: string, dz?: Dz): Promise<string[]> {
      const ids = await repo.revokeUserSessions(dz ?? db.dz, userId, reason);
      if (!dz) sessions.revoked(ids);
      return ids;
    },

    /** Of these session ids, the ones that ended (open sockets re-check their sessions with this). */
    endedSessions: (ids: string[]) => repo.endedSessions(db.dz, ids, new Date(now())),

    /** Tells every process (session caches, open sockets) that these sessions ended. Call after the commit. */
    announceRevoked(sessionIds: string[]): void {
      sessions.revoked(sessionIds);
    },

    async setPassword(userId: string, newPassword: string): Promise<void> {
      const passwordHash = await hashPassword(newPassword);
      const ids = await db.transaction(async (tx) => {
        await repo.updateUser(tx.dz, userId, { passwordHash });
        return repo.revokeUserSessions(tx.dz, userId, 'password_changed');
      });
      sessions.revoked(ids);
    },

    /** Moves the account to another e-mail address (unverified until confirmed); `email_taken` when in use. */
    async setEmail(userId: string, email: string): Promise<void> {
      try {
        await repo.updateUser(db.dz, userId, { email, isVerified: false });
      } catch (e) {
        if (pgErrorCode(e) === '23505') throw new IdentityError('email_taken');
        throw e;
      }
    },

    /**
     * Takes the password off an account and ends its sessions: when the owner of the address proves it another way
     * (a provider's verified e-mail) on an account whose address was never confirmed, a password set by whoever
     * registered it must not keep working. The owner can set one again through "forgot password".
     */
    async dropPassword(userId: string, reason: string): Promise<void> {
      const ids = await db.transaction(async (tx) => {
        await repo.updateUser(tx.dz, userId, { passwordHash: null });
        return repo.revokeUserSessions(tx.dz, userId, reason);
      });
      sessions.revoked(ids);
    },

    async markVerified(userId: string): Promise<void> {
      await repo.updateUser(db.dz, userId, { isVerified: true });
    },

    /**
     * FIRST_SUPERUSER: creates the administrator of a product once (with the product's profile row, in one
     * transaction); an existing account is left as it is.
     */
    async ensureSuperuser(product: string, email: string, password: string, profile?: (tx: Tx, user: UserRow) => Promise<void>): Promise<UserRow> {
      const existing = await repo.findUserByEmail(db.dz, product, email);
      if (existing) return existing;
      const passwordHash = await hashPassword(password);
      try {
        return await db.transaction(async (tx) => {
          const user = await repo.insertUser(tx.dz, { product, email, passwordHash, isSuperuser: true, isVerified: true });
          await profile?.(tx, user);
          return user;
        });
      } catch (e) {
        if (pgErrorCode(e) === '23505') return (await repo.findUserByEmail(db.dz, product, email))!;
        throw e;
      }
    },

    async setActive(userId: string, active: boolean): Promise<void> {
      await repo.updateUser(db.dz, userId, { isActive: active });
      if (!active) {
        const ids = await repo.revokeUserSessions(db.dz, userId, 'deactivated');
        sessions.revoked(ids);
      }
    },

    /** Deletes the account (sessions and tokens cascade). Inside a caller's transaction, announce the returned ids after it commits. */
    async deleteUser(userId: string, dz?: Dz): Promise<string[]> {
      const ids = await repo.revokeUserSessions(dz ?? db.dz, userId, 'deleted');
      await repo.deleteUser(dz ?? db.dz, userId);
      if (!dz) sessions.revoked(ids);
      return ids;
    },

    /** A single-use token for mail links; sending a new one retires the older ones of that purpose. */
    async issueEmailToken(userId: string, product: string, purpose: string, ttlS: number): Promise<string> {
      const token = randomToken();
      await db.transaction(async (tx) => {
        await repo.retireEmailTokens(tx.dz, userId, purpose);
        await repo.insertEmailToken(tx.dz, { userId, product, purpose, tokenHash: sha256(token), expiresAt: new Date(now() + ttlS * 1000) });
      });
      return token;
    },

    /** The user id for a valid unused token (and marks it used), else undefined. */
    async consumeEmailToken(product: string, purpose: string, token: string): Promise<string | undefined> {
      if (typeof token !== 'string' || token.length < 20 || token.length > 200) return undefined;
      // Expiry on the same clock that set it (an injected clock in tests, Date.now otherwise).
      return repo.consumeEmailToken(db.dz, product, purpose, sha256(token), new Date(now()));
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
