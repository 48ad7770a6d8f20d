// The hourly abandon-stale-conversations job: active conversations idle past FLIRTCRAFT_ABANDON_AFTER_HOURS become
// `abandoned` (with an event); recent, completed and other users' recent conversations stay as they are.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, onboardedUser, startFlirtcraft, type FcUser } from '../../../../test/helpers/flirtcraft.js';
import { conversations, events } from '../db.js';
import { abandonStaleConversations } from './progress.job.js';

let t: TestApp;
before(async () => {
  // No workers: the test runs the job itself.
  t = await startFlirtcraft({ jobs: false, env: { FLIRTCRAFT_ABANDON_AFTER_HOURS: '2' } });
});
after(() => t.close());

const dz = () => t.runtime.db.dz;
const HOUR = 3_600_000;
const start = async (u: FcUser, scenario_type: string) => {
  const r = await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type, difficulty_level: 'green' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().data.id as string;
};
const idleSince = (id: string, hoursAgo: number) =>
  dz()
    .update(conversations)
    .set({ lastActivityAt: new Date(Date.now() - hoursAgo * HOUR), startTime: new Date(Date.now() - hoursAgo * HOUR) })
    .where(eq(conversations.id, id));
const statusOf = async (id: string) => (await dz().select().from(conversations).where(eq(conversations.id, id)))[0]!.status;

describe('works', () => {
  test('an active conversation idle past the setting becomes abandoned; recent, completed and other users’ stay', async () => {
    const [u, other] = [await onboardedUser(t), await onboardedUser(t)];
    const stale = await start(u, 'coffee_shop');
    const recent = await start(u, 'park');
    const done = await start(u, 'bookstore');
    assert.equal((await callAs(t, u, 'POST', `${P}/conversations/${done}/messages`, { content: 'Hi, is this book any good?' })).statusCode, 200);
    const completed = await callAs(t, u, 'PUT', `${P}/conversations/${done}/complete`);
    assert.equal(completed.statusCode, 200, completed.body);
    const othersRecent = await start(other, 'coffee_shop');
    await idleSince(stale, 3);
    await idleSince(recent, 1);
    await idleSince(done, 5);
    await idleSince(othersRecent, 1.5);

    const r = (await abandonStaleConversations.runNow(t.ctx('flirtcraft') as unknown as never, {})) as { abandoned: number };
    assert.ok(r.abandoned >= 1, JSON.stringify(r));
    assert.equal(await statusOf(stale), 'abandoned');
    assert.equal(await statusOf(recent), 'active');
    assert.equal(await statusOf(done), 'completed');
    assert.equal(await statusOf(othersRecent), 'active');

    const ev = await dz()
      .select()
      .from(events)
      .where(and(eq(events.eventType, 'conversation_abandoned'), inArray(events.userId, [u.id, other.id])));
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.userId, u.id);
    assert.deepEqual(ev[0]!.data, { conversation_id: stale, scenario_type: 'coffee_shop', messages: 0 });

    const listed = (await callAs(t, u, 'GET', `${P}/conversations?status=abandoned`)).json();
    assert.deepEqual(
      listed.data.map((c: { id: string }) => c.id),
      [stale],
    );
    // Run again: nothing more to do for these users.
    await abandonStaleConversations.runNow(t.ctx('flirtcraft') as unknown as never, {});
    assert.equal(await statusOf(recent), 'active');
    assert.equal(
      (
        await dz()
          .select()
          .from(events)
          .where(and(eq(events.eventType, 'conversation_abandoned'), eq(events.userId, u.id)))
      ).length,
      1,
    );
  });
});
