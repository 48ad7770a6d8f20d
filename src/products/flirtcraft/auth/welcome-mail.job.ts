// After an address is verified: one welcome mail (the seed's "welcome emails" background task).
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { Ctx } from '../shared/context.js';

export const welcomeMail = defineJob(
  'welcome-mail',
  Type.Object({ user_id: Type.String({ format: 'uuid' }) }),
  async (ctx: Ctx, data) => {
    const user = await ctx.identity.findUser(ctx.slug, data.user_id);
    // Gone (erased) or switched off since: nothing to send. A retry after a sent mail is avoided by singletonKey.
    if (!user || !user.isActive) return { skipped: true };
    await ctx.mailer.send({
      to: user.email,
      subject: 'Welcome to FlirtCraft',
      text:
        'Your e-mail address is confirmed. Welcome to FlirtCraft!\n\n' +
        'Finish the short onboarding in the app (age, preferences and goals), then pick a scenario and start your first practice conversation.\n' +
        'Free accounts get 3 conversations a day; every conversation ends with feedback on what went well and what to try next.\n\n' +
        'Have fun practising!\n',
    });
    return { sent: true };
  },
  { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 },
);
