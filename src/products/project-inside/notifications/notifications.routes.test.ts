// The notification centre the mobile app calls: send-heart, send-emotion, devices/push-token, list, unread count,
// read one, read all, delete; push delivery through the push port (memory adapter here). Works / bad input / wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS_ENV, startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piRelationship, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { memoryPush } from '../../../core/push/port.js';
import { notificationPush, pushNotification } from './notification-push.job.js';
import { projectInside } from '../index.js';

const SIGNAL_LIMIT = projectInside.limits!.SIGNALS_PER_USER!;

let t: TestApp;
const push = memoryPush(new Set(['dead-token']));

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false, overrides: { push }, env: DEFAULT_LIMITS_ENV });
});
after(async () => {
  await t.close();
});

const call = (u: PiUser | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => piCall(t, u, method, url, payload);
const rows = async (sql: string, params: unknown[]) => (await t.runtime.db.sql.executeSql(sql, params)).rows;
const queuedPushes = async (notificationId: string) => {
  const schema = (t.runtime.jobs as unknown as { config: { schema: string } }).config.schema;
  return (
    await rows(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND data->>'notificationId' = $2`, [
      `project-inside__${notificationPush.name}`,
      notificationId,
    ])
  )[0]!.n as number;
};

async function pair() {
  const a = await piSignup(t, { displayName: 'Ana', tag: 'pi-inbox' });
  const b = await piSignup(t, { displayName: 'Ben', tag: 'pi-inbox' });
  const rid = await piRelationship(t, a, [b], { consent: null });
  // Setting up sent each a request/acceptance notification: start from empty inboxes.
  await rows(`DELETE FROM project_inside.notifications WHERE user_id IN ($1, $2)`, [a.id, b.id]);
  return { a, b, rid };
}

describe('works', () => {
  test('a heart: stored in the receiver inbox, a push job queued in the same transaction, pushed to their devices', async () => {
    const { a, b } = await pair();
    assert.deepEqual((await call(b, 'POST', '/devices/push-token', { token: `tok-${b.id}`, platform: 'iOS' })).json(), { ok: true });
    assert.deepEqual((await call(b, 'POST', '/devices/push-token', { token: 'dead-token', platform: 'android' })).json(), { ok: true });
    const r = await call(a, 'POST', '/notifications/send-heart', { target_user_id: b.id });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true });
    const list = await call(b, 'GET', '/notifications?limit=50');
    assert.equal(list.statusCode, 200, list.body);
    const [n] = list.json() as { id: string; type: string; title: string; message: string; read: boolean; timestamp: number; data: Record<string, unknown> }[];
    assert.equal(n!.type, 'message');
    assert.equal(n!.title, 'Heart');
    assert.equal(n!.message, 'Ana sent you a heart');
    assert.equal(n!.read, false);
    assert.ok(Math.abs(n!.timestamp - Date.now()) < 60_000);
    assert.deepEqual(n!.data, { kind: 'heart', sender_id: a.id, sender_name: 'Ana' });
    assert.equal(await queuedPushes(n!.id), 1);
    await pushNotification(t.ctx('project-inside'), { notificationId: n!.id });
    const sent = push.sent.at(-1)!;
    assert.deepEqual(sent.devices.map((d) => d.platform).sort(), ['android', 'ios']);
    assert.deepEqual(sent.message, { title: 'Heart', body: 'Ana sent you a heart', data: { notificationId: n!.id, type: 'message' } });
    // The token the provider reported dead is forgotten.
    assert.deepEqual(
      (await rows(`SELECT token FROM project_inside.devices WHERE user_id = $1`, [b.id])).map((x) => x.token),
      [`tok-${b.id}`],
    );
    assert.deepEqual((await call(a, 'GET', '/notifications')).json(), [], 'nothing in the sender inbox');
  });

  test('an emotion: default love, or the given kind; the app reads type emotion with sender fields', async () => {
    const { a, b } = await pair();
    assert.equal((await call(a, 'POST', '/notifications/send-emotion', { target_user_id: b.id })).statusCode, 200);
    assert.equal((await call(a, 'POST', '/notifications/send-emotion', { target_user_id: b.id, emotion_kind: 'hug' })).statusCode, 200);
    const items = (await call(b, 'GET', '/notifications?type=emotion')).json() as { title: string; message: string; data: Record<string, unknown> }[];
    assert.deepEqual(
      items.map((i) => [i.title, i.message, i.data.emotion_kind, i.data.sender_id]),
      [
        ['Hug', 'Ana sent you hug', 'hug', a.id],
        ['Love', 'Ana sent you love', 'love', a.id],
      ],
    );
  });

  test('unread count, read one, read all, delete; paging newest first', async () => {
    const { a, b } = await pair();
    for (let i = 0; i < 3; i++) await call(a, 'POST', '/notifications/send-heart', { target_user_id: b.id });
    assert.deepEqual((await call(b, 'GET', '/notifications/unread-count')).json(), { unread: 3 });
    const all = (await call(b, 'GET', '/notifications')).json() as { id: string; timestamp: number }[];
    assert.ok(all[0]!.timestamp >= all[2]!.timestamp);
    assert.deepEqual(
      (await call(b, 'GET', '/notifications?limit=1&offset=1')).json().map((x: { id: string }) => x.id),
      [all[1]!.id],
    );
    assert.deepEqual((await call(b, 'PATCH', `/notifications/${all[0]!.id}/read`)).json(), { ok: true });
    assert.deepEqual((await call(b, 'GET', '/notifications/unread-count')).json(), { unread: 2 });
    assert.deepEqual((await call(b, 'POST', '/notifications/read-all')).json(), { ok: true, updated: 2 });
    assert.deepEqual((await call(b, 'POST', '/notifications/read-all')).json(), { ok: true, updated: 0 });
    assert.deepEqual((await call(b, 'DELETE', `/notifications/${all[1]!.id}`)).json(), { ok: true });
    const left = await rows(`SELECT id, read FROM project_inside.notifications WHERE user_id = $1 ORDER BY id`, [b.id]);
    assert.equal(left.length, 2);
    assert.ok(left.every((x) => x.read === true));
    assert.equal((await call(b, 'DELETE', `/notifications/${all[1]!.id}`)).statusCode, 404);
  });

  test('a push token moves to whoever registers it last, and can be removed', async () => {
    const { a, b } = await pair();
    const token = `shared-phone-${a.id}`;
    await call(a, 'POST', '/devices/push-token', { token, platform: 'android' });
    await call(b, 'POST', '/devices/push-token', { token, platform: 'android' });
    assert.deepEqual(await rows(`SELECT user_id FROM project_inside.devices WHERE token = $1`, [token]), [{ user_id: b.id }]);
    assert.equal((await call(a, 'DELETE', '/devices/push-token', { token })).statusCode, 404, "not A's any more");
    assert.deepEqual((await call(b, 'DELETE', '/devices/push-token', { token })).json(), { ok: true });
    assert.deepEqual(await rows(`SELECT user_id FROM project_inside.devices WHERE token = $1`, [token]), []);
  });

  test(`hearts and emotions share ${SIGNAL_LIMIT.max} a minute per sender, then 429 with Retry-After`, async () => {
    const { a, b } = await pair();
    for (let i = 0; i < SIGNAL_LIMIT.max; i++) {
      const r = await call(a, 'POST', i % 2 ? '/notifications/send-heart' : '/notifications/send-emotion', { target_user_id: b.id });
      assert.equal(r.statusCode, 200, r.body);
    }
    const over = await call(a, 'POST', '/notifications/send-heart', { target_user_id: b.id });
    assert.equal(over.statusCode, 429);
    assert.ok(Number(over.headers['retry-after']) >= 1);
    assert.equal((await rows(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id = $1`, [b.id]))[0]!.n, SIGNAL_LIMIT.max);
  });
});

describe('bad input', () => {
  test('422 naming the field (and a readable message), nothing stored', async () => {
    const { a, b } = await pair();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/notifications/send-heart', {}, 'target_user_id'],
      ['POST', '/notifications/send-heart', { target_user_id: 'nope' }, 'target_user_id'],
      ['POST', '/notifications/send-emotion', { target_user_id: b.id, emotion_kind: '' }, 'emotion_kind'],
      ['POST', '/notifications/send-emotion', { target_user_id: b.id, emotion_kind: 'x'.repeat(33) }, 'emotion_kind'],
      ['POST', '/notifications/send-emotion', { target_user_id: b.id, emotion_kind: 'a\nb' }, 'emotion_kind'],
      ['POST', '/devices/push-token', { token: 'has space', platform: 'ios' }, 'token'],
      ['POST', '/devices/push-token', { token: 'x'.repeat(513), platform: 'ios' }, 'token'],
      ['POST', '/devices/push-token', { token: 'abc', platform: 'windows' }, 'platform'],
      ['POST', '/devices/push-token', { platform: 'ios' }, 'token'],
    ];
    for (const [method, url, body, field] of cases) {
      const r = await call(a, method as 'POST', url, body);
      assert.equal(r.statusCode, 422, `${url} ${JSON.stringify(body)} → ${r.body}`);
      assert.ok(
        (r.json().detail as { loc: unknown[] }[]).some((d) => d.loc[1] === field),
        r.body,
      );
      assert.match(r.json().message, new RegExp(`^${field}`));
    }
    for (const q of ['limit=0', 'limit=101', 'offset=-1', 'type=']) assert.equal((await call(b, 'GET', `/notifications?${q}`)).statusCode, 422, q);
    assert.equal((await call(b, 'PATCH', '/notifications/not-a-uuid/read')).statusCode, 422);
    assert.equal((await call(b, 'DELETE', '/notifications/not-a-uuid')).statusCode, 422);
    assert.equal((await call(a, 'POST', '/notifications/send-heart', { target_user_id: a.id })).statusCode, 400, 'not to myself');
    assert.equal((await rows(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id IN ($1, $2)`, [a.id, b.id]))[0]!.n, 0);
    assert.equal((await rows(`SELECT count(*)::int AS n FROM project_inside.devices WHERE user_id = $1`, [a.id]))[0]!.n, 0);
  });
});

describe('wrong user', () => {
  test('no token 401 on every route', async () => {
    for (const [method, url, body] of [
      ['GET', '/notifications', undefined],
      ['GET', '/notifications/unread-count', undefined],
      ['POST', '/notifications/read-all', undefined],
      ['PATCH', '/notifications/00000000-0000-4000-8000-000000000000/read', undefined],
      ['DELETE', '/notifications/00000000-0000-4000-8000-000000000000', undefined],
      ['POST', '/notifications/send-heart', { target_user_id: '00000000-0000-4000-8000-000000000000' }],
      ['POST', '/notifications/send-emotion', { target_user_id: '00000000-0000-4000-8000-000000000000' }],
      ['POST', '/devices/push-token', { token: 'abc', platform: 'ios' }],
    ] as const) {
      assert.equal((await call(null, method, url, body)).statusCode, 401, `${method} ${url}`);
    }
  });

  test("someone else's notification is 404 to read or delete, and stays as it was; strangers, pending members and unknown ids get 403 for hearts", async () => {
    const { a, b } = await pair();
    await call(a, 'POST', '/notifications/send-heart', { target_user_id: b.id });
    const [n] = (await call(b, 'GET', '/notifications')).json() as { id: string }[];
    const stranger = await piSignup(t, { tag: 'pi-inbox' });
    assert.equal((await call(stranger, 'PATCH', `/notifications/${n!.id}/read`)).statusCode, 404);
    assert.equal((await call(stranger, 'DELETE', `/notifications/${n!.id}`)).statusCode, 404);
    assert.deepEqual(await rows(`SELECT read FROM project_inside.notifications WHERE id = $1`, [n!.id]), [{ read: false }]);
    assert.deepEqual((await call(stranger, 'GET', '/notifications')).json(), []);
    for (const target of [b.id, '00000000-0000-4000-8000-000000000000']) {
      const r = await call(stranger, 'POST', '/notifications/send-heart', { target_user_id: target });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal((await call(stranger, 'POST', '/notifications/send-emotion', { target_user_id: target })).statusCode, 403);
    }
    const pending = await piSignup(t, { tag: 'pi-inbox' });
    await call(a, 'POST', '/relationships', { type: 'friend', member_ids: [pending.id] });
    assert.equal((await call(a, 'POST', '/notifications/send-heart', { target_user_id: pending.id })).statusCode, 403);
    assert.equal((await rows(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id = $1 AND type = 'message'`, [pending.id]))[0]!.n, 0);
  });
});
