// The seed's daily tips task: every morning (07:00 UTC) each active user gets rule-based suggestions.
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { ProductContext } from '../../../core/product.js';
import { dailyTips } from './tips.service.js';

export const dailyTipsJob = defineJob('generate-daily-tips', Type.Object({}), async (ctx: ProductContext) => dailyTips(ctx), {
  retryLimit: 2,
  retryDelay: 300,
  expireInSeconds: 3600,
  schedule: { cron: '0 7 * * *' },
});
