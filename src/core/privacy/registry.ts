// GDPR export / erase: each product registers what it stores about a user; core adds the identity record.
import type { Database, Dz } from '../db/connect.js';

export interface PrivacyHandler {
  /** Everything the product holds about the user, as plain JSON. */
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

  /** Product data first, then the caller removes the identity (sessions, tokens cascade). */
  async eraseUser(db: Database, product: string, userId: string, deleteIdentity: (dz: Dz) => Promise<void>): Promise<void> {
    const h = this.handlers.get(product);
    const cleanup = await db.transaction(async (tx) => {
      const after = h ? await h.erase(userId, tx.dz) : undefined;
      await deleteIdentity(tx.dz);
      return after;
    });
    if (cleanup) await cleanup();
  }
}
