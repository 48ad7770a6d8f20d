// The push job: a notification's title and message to every device of its recipient (retried; the request that
// stored the notification never waits on a push provider). Dead tokens are forgotten.
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from './notifications.repo.js';

export async function pushNotification(ctx: ProductContext, data: { notificationId: string }): Promise<void> {
  const n = await repo.findNotification(ctx.db.dz, data.notificationId);
  if (!n) return; // deleted (or its user erased) before it went out
  const devices = await repo.devicesOf(ctx.db.dz, n.userId);
  if (devices.length === 0) return;
  const r = await ctx.push.send(
    devices.map((d) => ({ token: d.token, platform: d.platform })),
    { title: n.title, body: n.message, data: { notificationId: n.id, type: n.type } },
  );
  if (r.invalidTokens.length > 0) await repo.forgetTokens(ctx.db.dz, r.invalidTokens);
}

export const notificationPush = defineJob(
  'notification-push',
  Type.Object({ notificationId: Type.String({ format: 'uuid' }) }),
  (ctx: ProductContext, data) => pushNotification(ctx, data),
  {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
  },
);
