// The account module every product uses: sign-up, login, refresh, logout, password reset, e-mail verification,
// administrator bootstrap and erase — with the product's wording, password policy and mail texts as hooks.
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/connect.js';
import { AppError, invalidField } from '../http/errors.js';
import type { Limits } from '../http/limits.js';
import type { Mailer } from '../mail/port.js';
import type { PrivacyRegistry } from '../privacy/registry.js';
import type { UserRow } from './db.js';
import { IdentityError, type ClientInfo, type Identity, type SessionTtls, type TokenPair } from './identity.service.js';

export type AccountErrorKind =
  | 'email_taken'
  | 'invalid_credentials'
  | 'inactive'
  /** A refresh token of a deactivated account (the `inactive` wording unless the product words it apart). */
  | 'inactive_refresh'
  | 'unverified'
  | 'invalid_refresh'
  | 'invalid_reset_token'
  | 'invalid_verification_token'
  | 'wrong_password';

export interface ErrorWording {
  status: number;
  message: string;
}

const BEARER = { 'www-authenticate': 'Bearer' };

export const DEFAULT_ACCOUNT_ERRORS: Record<AccountErrorKind, ErrorWording> = {
  email_taken: { status: 400, message: 'Email already registered' },
  invalid_credentials: { status: 401, message: 'Incorrect email or password' },
  inactive: { status: 400, message: 'Inactive user' },
  inactive_refresh: { status: 401, message: 'User not found or inactive' },
  unverified: { status: 403, message: 'Email not verified: open the link we sent you, or ask for a new one' },
  invalid_refresh: { status: 401, message: 'Invalid refresh token' },
  invalid_reset_token: { status: 400, message: 'Invalid or expired reset token' },
  invalid_verification_token: { status: 400, message: 'Invalid or expired verification token' },
  wrong_password: { status: 400, message: 'Current password is incorrect' },
};

export interface AccountMail {
  /** Shown in subjects and bodies ("Reset your <appName> password"). */
  appName: string;
  /** Path of the app's reset page; the link is `<app base URL><resetPath>?token=…`. */
  resetPath?: string;
  verifyPath?: string;
  resetTtlS?: number;
  verifyTtlS?: number;
}

export interface AccountPolicy {
  errors?: Partial<Record<AccountErrorKind, ErrorWording>>;
  /** Product password rules: a message for the `password` field, or undefined when acceptable. */
  passwordPolicy?(password: string): string | undefined;
  /** Longest password accepted (default 128), for a product whose contract allows longer ones. */
  maxPasswordLength?: number;
  /** Login answers `unverified` (403 by default) until the e-mail is verified. */
  requireVerifiedEmail?: boolean;
  /** Store e-mails lower-cased (lookups are case-insensitive either way). */
  lowercaseEmail?: boolean;
  mail?: AccountMail;
  /** The profile row of an administrator created from FIRST_SUPERUSER (sign-ups make theirs in `register`). */
  adminProfile?(tx: Tx, user: UserRow): Promise<void>;
}

export interface RegisterOptions<P> {
  client: ClientInfo;
  /**
   * The product's refusals that must come before anything is written (e.g. a sign-up invite), run once the e-mail
   * is known to be free, with the e-mail as it will be stored.
   */
  check?: (email: string) => Promise<void>;
  /**
   * Writes the product's rows for the new user inside the sign-up transaction. Its result comes back from `register`
   * once the transaction has committed (e.g. a callback that announces what was written).
   */
  profile?: (tx: Tx, user: UserRow) => Promise<P>;
  /** Start a session (default true). */
  session?: boolean;
  /** Mail a verification link (needs `baseUrl`). */
  sendVerification?: boolean;
  baseUrl?: string;
}

export interface Accounts {
  readonly ttls: SessionTtls;
  /** An AppError in this product's wording. */
  error(kind: AccountErrorKind): AppError;
  register<P = undefined>(
    input: { email: string; password: string },
    opts: RegisterOptions<P>,
  ): Promise<{ user: UserRow; pair: TokenPair | undefined; profile: P }>;
  login(email: string, password: string, client: ClientInfo): Promise<{ user: UserRow; pair: TokenPair }>;
  refresh(refreshToken: string | undefined): Promise<{ pair: TokenPair; userId: string }>;
  logout(sessionId: string): Promise<void>;
  /** Answer at once; the lookup and the mail happen after the answer, so neither can be timed. */
  requestPasswordReset(email: string, baseUrl: string, client: ClientInfo): Promise<void>;
  confirmPasswordReset(token: string, newPassword: string): Promise<void>;
  changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void>;
  /** Moves the account to another e-mail (the same `email_taken` answer as sign-up when it is in use); sessions stay. */
  changeEmail(userId: string, email: string): Promise<UserRow>;
  sendVerification(user: UserRow, baseUrl: string): Promise<void>;
  verifyEmail(token: string): Promise<UserRow>;
  /** The same answer for unknown and already-verified e-mails. */
  resendVerification(email: string, baseUrl: string, client: ClientInfo): Promise<void>;
  /** FIRST_SUPERUSER: creates the administrator once; an existing account is left as it is. */
  ensureSuperuser(email: string, password: string): Promise<UserRow>;
  /** GDPR: the account record plus everything the product registered for export. */
  exportData(userId: string): Promise<Record<string, unknown>>;
  /** GDPR: the product's data and the account, in one transaction; sessions die, the e-mail is free again. */
  erase(userId: string): Promise<void>;
}

export interface AccountDeps {
  product: string;
  db: Database;
  identity: Identity;
  mailer: Mailer;
  limits: Limits;
  privacy: PrivacyRegistry;
  log: Logger;
  ttls: SessionTtls;
}

const PASSWORD_MAX = 128;

export function createAccounts(deps: AccountDeps, policy: AccountPolicy = {}): Accounts {
  const { product, db, identity, mailer, limits, privacy, log, ttls } = deps;
  const wording = { ...DEFAULT_ACCOUNT_ERRORS, ...policy.errors };
  const mail = { resetPath: '/reset-password', verifyPath: '/verify-email', resetTtlS: 3600, verifyTtlS: 86_400, appName: product, ...policy.mail };
  const normalise = (email: string) => (policy.lowercaseEmail ? email.trim().toLowerCase() : email.trim());

  const error = (kind: AccountErrorKind): AppError => {
    const w = wording[kind];
    return new AppError(kind, w.status, w.message, w.status === 401 ? BEARER : undefined);
  };

  const passwordMax = policy.maxPasswordLength ?? PASSWORD_MAX;
  const checkPassword = (password: string, field = 'password') => {
    const msg = password.length > passwordMax ? `Password must be at most ${passwordMax} characters` : policy.passwordPolicy?.(password);
    if (msg) throw invalidField(['body', field], msg, password === undefined ? undefined : '[hidden]');
  };

  /** Runs after the answer is sent: failures are logged, never surfaced. */
  const later = (what: string, fn: () => Promise<void>) =>
    setImmediate(() => {
      fn().catch((err: unknown) => log.error({ err, product }, `${what} failed`));
    });

  async function mailAllowed(to: string): Promise<boolean> {
    try {
      await limits.consume('MAIL_PER_RECIPIENT', to);
      return true;
    } catch {
      log.warn({ product }, 'mail to one recipient over its limit; not sent');
      return false;
    }
  }

  async function sendVerification(user: UserRow, baseUrl: string): Promise<void> {
    if (!(await mailAllowed(user.email))) return;
    const token = await identity.issueEmailToken(user.id, product, 'verify_email', mail.verifyTtlS);
    const link = `${baseUrl}${mail.verifyPath}?token=${encodeURIComponent(token)}`;
    await mailer.send({
      to: user.email,
      subject: `Confirm your ${mail.appName} e-mail address`,
      text:
        `Welcome to ${mail.appName}!\n\nConfirm your e-mail address by opening this link within ${Math.round(mail.verifyTtlS / 3600)} hours:\n${link}\n\n` +
        `Or enter this code in the app: ${token}\n\nIf you did not sign up, ignore this message.\n`,
    });
  }

  const accounts: Accounts = {
    ttls,
    error,

    async register(input, opts) {
      if (opts.client.ip) await limits.consume('SIGNUPS_PER_IP', opts.client.ip);
      const email = normalise(input.email);
      checkPassword(input.password);
      if (await identity.emailExists(product, email)) throw error('email_taken');
      if (opts.check) await opts.check(email);
      // ~15 ms of CPU: before the transaction, never inside it.
      const passwordHash = await identity.hashPassword(input.password);
      try {
        const out = await db.transaction(async (tx) => {
          const user = await identity.createUser(tx.dz, { product, email, passwordHash });
          const profile = (opts.profile ? await opts.profile(tx, user) : undefined) as never;
          const pair = opts.session === false ? undefined : await identity.startSession(user, ttls, opts.client, tx.dz);
          return { user, pair, profile };
        });
        if (opts.sendVerification && opts.baseUrl) {
          const baseUrl = opts.baseUrl;
          later('verification mail', () => sendVerification(out.user, baseUrl));
        }
        return out;
      } catch (e) {
        // Two sign-ups racing on one e-mail: the unique index decides, the loser gets the same answer.
        if (e instanceof IdentityError && e.kind === 'email_taken') throw error('email_taken');
        throw e;
      }
    },

    async login(emailIn, password, client) {
      const email = normalise(emailIn);
      await limits.check('LOGIN_FAILURES_PER_ACCOUNT', email);
      if (client.ip) await limits.check('LOGIN_FAILURES_PER_IP', client.ip);
      let user: UserRow;
      try {
        user = await identity.checkCredentials(product, email, password);
      } catch (e) {
        if (e instanceof IdentityError && e.kind === 'invalid_credentials') {
          await limits.consume('LOGIN_FAILURES_PER_ACCOUNT', email).catch(() => undefined);
          if (client.ip) await limits.consume('LOGIN_FAILURES_PER_IP', client.ip).catch(() => undefined);
          throw error('invalid_credentials');
        }
        if (e instanceof IdentityError && e.kind === 'inactive') throw error('inactive');
        throw e;
      }
      if (policy.requireVerifiedEmail && !user.isVerified) throw error('unverified');
      await limits.reset('LOGIN_FAILURES_PER_ACCOUNT', email);
      return { user, pair: await identity.startSession(user, ttls, client) };
    },

    async refresh(refreshToken) {
      if (!refreshToken) throw error('invalid_refresh');
      try {
        return await identity.refresh(product, refreshToken, ttls);
      } catch (e) {
        if (e instanceof IdentityError) {
          // Products without their own wording keep the `inactive` answer (and its error code).
          if (e.kind === 'inactive') throw error(policy.errors?.inactive_refresh ? 'inactive_refresh' : 'inactive');
          throw error('invalid_refresh');
        }
        throw e;
      }
    },

    logout: (sessionId) => identity.logout(sessionId),

    async requestPasswordReset(emailIn, baseUrl, client) {
      if (client.ip) await limits.consume('MAIL_REQUESTS_PER_IP', client.ip);
      const email = normalise(emailIn);
      later('password reset mail', async () => {
        const user = await identity.findUserByEmail(product, email);
        if (!user || !user.isActive || !(await mailAllowed(user.email))) return;
        const token = await identity.issueEmailToken(user.id, product, 'reset_password', mail.resetTtlS);
        const link = `${baseUrl}${mail.resetPath}?token=${encodeURIComponent(token)}`;
        await mailer.send({
          to: user.email,
          subject: `Reset your ${mail.appName} password`,
          text:
            `Someone asked to reset the password of your ${mail.appName} account.\n\n` +
            `Open this link within ${Math.round(mail.resetTtlS / 60)} minutes to choose a new password:\n${link}\n\n` +
            `Or enter this code in the app: ${token}\n\nIf it wasn't you, ignore this message; your password stays as it is.\n`,
        });
      });
    },

    async confirmPasswordReset(token, newPassword) {
      checkPassword(newPassword, 'new_password');
      const userId = await identity.consumeEmailToken(product, 'reset_password', token);
      if (!userId) throw error('invalid_reset_token');
      // A token sent before the account was deactivated no longer opens it.
      if (!(await identity.findUser(product, userId))?.isActive) throw error('invalid_reset_token');
      await identity.setPassword(userId, newPassword);
    },

    async changePassword(userId, currentPassword, newPassword) {
      checkPassword(newPassword, 'new_password');
      const user = await identity.findUser(product, userId);
      if (!user) throw error('invalid_credentials');
      try {
        await identity.checkCredentials(product, user.email, currentPassword);
      } catch (e) {
        if (e instanceof IdentityError) throw error('wrong_password');
        throw e;
      }
      await identity.setPassword(userId, newPassword);
    },

    async changeEmail(userId, emailIn) {
      const email = normalise(emailIn);
      const user = await identity.findUser(product, userId);
      if (!user) throw new AppError('not_found', 404, 'User not found');
      if (user.email === email) return user;
      // Another account may hold it in another case; the unique index (lower(email)) decides races.
      if (user.email.toLowerCase() !== email.toLowerCase() && (await identity.emailExists(product, email))) throw error('email_taken');
      try {
        await identity.setEmail(userId, email);
      } catch (e) {
        if (e instanceof IdentityError && e.kind === 'email_taken') throw error('email_taken');
        throw e;
      }
      return (await identity.findUser(product, userId))!;
    },

    sendVerification,

    async verifyEmail(token) {
      const userId = await identity.consumeEmailToken(product, 'verify_email', token);
      const user = userId ? await identity.findUser(product, userId) : undefined;
      if (!user) throw error('invalid_verification_token');
      await identity.markVerified(user.id);
      return { ...user, isVerified: true };
    },

    async resendVerification(emailIn, baseUrl, client) {
      if (client.ip) await limits.consume('MAIL_REQUESTS_PER_IP', client.ip);
      const email = normalise(emailIn);
      later('verification mail', async () => {
        const user = await identity.findUserByEmail(product, email);
        if (user && user.isActive && !user.isVerified) await sendVerification(user, baseUrl);
      });
    },

    async ensureSuperuser(emailIn, password) {
      return identity.ensureSuperuser(product, normalise(emailIn), password, policy.adminProfile);
    },

    async exportData(userId) {
      const user = await identity.findUser(product, userId);
      if (!user) throw new AppError('not_found', 404, 'User not found');
      return {
        account: { id: user.id, email: user.email, is_verified: user.isVerified, created_at: user.createdAt.toISOString() },
        ...(await privacy.exportUser(product, userId)),
      };
    },

    async erase(userId) {
      await privacy.eraseUser(db, identity, product, userId);
    },
  };
  return accounts;
}
