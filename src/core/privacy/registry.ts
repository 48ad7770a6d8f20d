// GDPR export / erase: each product registers what it stores about a user; core adds the identity record.
import type { Database, Dz } from '../db/connect.js';
import type { Identity } from '../identity/identity.service.js';

export interface PrivacyHandler {
  /** Everything the product holds about the user (and nothing of other people's), as plain JSON. */
  export(userId: string): Promise<Record<string, unknown>>;
  /**
   * Deletes or anonymises the product's data about the user, inside the given transaction. May return a
   * clean-up (files, outside services) that runs after the commit, never inside the transaction.
   */
  erase(userId: string, dz: Dz): Promise<void | (() => Promise<void>)>;
}

export class PrivacyRegistry {
  private handlers = new Map<string, PrivacyHandler>();

  register(product: string, handler: PrivacyHandler): void {
    this.handlers.set(product, handler);
  }

  has(product: string): boolean {
    return this.handlers.has(product);
  }

  async exportUser(product: string, userId: string): Promise<Record<string, unknown>> {
    const h = this.handlers.get(product);
    return h ? h.export(userId) : {};
  }

  /**
   * Product data first, then the account (sessions and tokens cascade), in one transaction; after the commit the
   * sessions' end is announced (caches, open sockets in every process) and the product's clean-up runs.
   */
  async eraseUser(db: Database, identity: Identity, product: string, userId: string): Promise<void> {
    const h = this.handlers.get(product);
    const { cleanup, sessions } = await db.transaction(async (tx) => {
      const after = h ? await h.erase(userId, tx.dz) : undefined;
      return { cleanup: after, sessions: await identity.deleteUser(userId, tx.dz) };
    });
    identity.announceRevoked(sessions);
    if (cleanup) await cleanup();
  }
}
