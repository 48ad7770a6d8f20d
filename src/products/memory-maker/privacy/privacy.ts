// GDPR: what Memory Maker holds about a user (books, generation tasks, payments) for export, and its erasure.
import type { PrivacyHandler } from '../../../core/privacy/registry.js';
import { cacheOf, CacheGroups, type Ctx } from '../context.js';
import * as books from '../books/books.repo.js';
import * as tasks from '../generation/tasks.repo.js';
import * as payments from '../payments/payments.repo.js';
import { presentBook } from '../books/book.presenter.js';
import { forgetNarration } from '../narration/narration.service.js';
import { presentTask } from '../generation/task.presenter.js';
import { presentPayment } from '../payments/payments.service.js';

export function memoryMakerPrivacy(ctx: Ctx): PrivacyHandler {
  return {
    async export(userId) {
      const [bookRows, taskRows, paymentRows] = await Promise.all([
        books.listAllByUser(ctx.db.dz, userId),
        tasks.listAllByUser(ctx.db.dz, userId),
        payments.listAllByUser(ctx.db.dz, userId),
      ]);
      return {
        books: bookRows.map((r) => presentBook(r.book, r.typeSlug)),
        generation_tasks: taskRows.map(presentTask),
        payments: paymentRows.map((r) => presentPayment(r.payment, r.typeSlug)),
      };
    },
    async erase(userId, dz) {
      // Payments and tasks first (they point at books), then the books; the account goes after, in core.
      const bookIds = (await books.listAllByUser(dz, userId)).map((r) => r.book.id);
      await payments.deleteByUser(dz, userId);
      await tasks.deleteByUser(dz, userId);
      await books.deleteByUser(dz, userId);
      return async () => {
        await cacheOf(ctx).invalidate(CacheGroups.books(userId));
        for (const id of bookIds) await forgetNarration(ctx, id);
      };
    },
  };
}
