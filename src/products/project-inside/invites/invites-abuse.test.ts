// Issue 13 #7 (and the invite part of the low items): invite mails are limited per recipient and per sending account,
// the inviter's free text carries no links and cannot stretch the subject beyond a short display name, and an invite
// token only works for the e-mail it was sent to. Database and outbox state checked.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS_ENV, startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { PI, piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { CORE_LIMITS } from '../../../config.js';

/** Invite mails count against the core mail limits (defaults: RATE_LIMIT_SCALE=1 below). */
const INVITE_MAIL_LIMITS = { perAccount: CORE_LIMITS.MAIL_PER_ACCOUNT.max, perRecipient: CORE_LIMITS.MAIL_PER_RECIPIENT.max };

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false, env: DEFAULT_LIMITS_ENV });
});
after(async () => {
  await t.close();
});

const signup = (name?: string, email?: string): Promise<PiUser> => piSignup(t, { displayName: name, tag: 'pi-abuse', ...(email ? { email } : {}) });
const invitesTo = async (email: string) =>
  (await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.invites WHERE lower(email) = lower($1)`, [email])).rows[0]!.n as number;
const mailsTo = (email: string) => t.outbox.filter((m) => m.to.toLowerCase() === email.toLowerCase());

async function relationship(u: PiUser): Promise<string> {
  const r = await piCall(t, u, 'POST', '/relationships', { type: 'couple' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id as string;
}

describe('limits', () => {
  test(`per recipient: ${INVITE_MAIL_LIMITS.perRecipient} invite mails an hour to one address, from anyone; then 429 with Retry-After and nothing sent`, async () => {
    const to = uniqueEmail('flooded');
    const senders = [await signup(), await signup()];
    const rids = [await relationship(senders[0]!), await relationship(senders[1]!)];
    for (let i = 0; i < INVITE_MAIL_LIMITS.perRecipient; i++) {
      const r = await piCall(t, senders[i % 2]!, 'POST', `/relationships/${rids[i % 2]!}/invites`, { email: i % 3 ? to : to.toUpperCase() });
      assert.equal(r.statusCode, 200, r.body);
    }
    const over = await piCall(t, senders[1]!, 'POST', `/relationships/${rids[1]!}/invites`, { email: to });
    assert.equal(over.statusCode, 429, over.body);
    assert.ok(Number(over.headers['retry-after']) >= 1);
    assert.match(over.json().detail, /this address has received/);
    assert.equal(mailsTo(to).length, INVITE_MAIL_LIMITS.perRecipient);
    assert.equal(await invitesTo(to), INVITE_MAIL_LIMITS.perRecipient);
    // Another address is unaffected.
    assert.equal((await piCall(t, senders[0]!, 'POST', `/relationships/${rids[0]!}/invites`, { email: uniqueEmail('other') })).statusCode, 200);
  });

  test(`per account: ${INVITE_MAIL_LIMITS.perAccount} invite mails an hour; then 429 and nothing sent; another account is unaffected`, async () => {
    const a = await signup();
    const rid = await relationship(a);
    for (let i = 0; i < INVITE_MAIL_LIMITS.perAccount; i++) {
      const r = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: uniqueEmail('many') });
      assert.equal(r.statusCode, 200, `${i}: ${r.body}`);
    }
    const to = uniqueEmail('one-too-many');
    const over = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to });
    assert.equal(over.statusCode, 429, over.body);
    assert.match(over.json().detail, /you have sent/);
    assert.equal(mailsTo(to).length, 0);
    assert.equal(await invitesTo(to), 0);
    const b = await signup();
    assert.equal((await piCall(t, b, 'POST', `/relationships/${await relationship(b)}/invites`, { email: to })).statusCode, 200);
  });

  test('refusals cost nothing: a stranger, a bad body or an existing member do not count against the recipient', async () => {
    const [a, stranger] = [await signup(), await signup()];
    const rid = await relationship(a);
    const to = uniqueEmail('protected');
    for (let i = 0; i < INVITE_MAIL_LIMITS.perRecipient + 2; i++) {
      assert.equal((await piCall(t, stranger, 'POST', `/relationships/${rid}/invites`, { email: to })).statusCode, 403);
      assert.equal((await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to, message: 'go to evil.example/x' })).statusCode, 422);
    }
    assert.equal((await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to })).statusCode, 200);
  });
});

describe("the inviter's text", () => {
  test('links and addresses in the note are refused (422 naming message), however dressed up; nothing stored or sent', async () => {
    const a = await signup('Sam');
    const rid = await relationship(a);
    for (const message of [
      'https://evil.example/prize',
      'go to www.evil.example',
      'evil.example/login',
      'bit.ly/abc',
      'evil[.]com',
      'write to x@evil.example',
      'HTTP://EVIL.EXAMPLE',
    ]) {
      const to = uniqueEmail('link');
      const r = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to, message });
      assert.equal(r.statusCode, 422, `${message}: ${r.body}`);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'message']);
      assert.match(r.json().message, /^message: .*links/);
      assert.equal(await invitesTo(to), 0);
      assert.equal(mailsTo(to).length, 0);
    }
    const to = uniqueEmail('fine');
    const ok = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to, message: "Let's try this together. See you at 7.30!" });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(mailsTo(to)[0]!.text, /> Let's try this together\. See you at 7\.30!/);
  });

  test('the subject carries at most a short plain display name; a name that is a link becomes "Someone"; never the e-mail', async () => {
    for (const [name, shown] of [
      ['URGENT your account is locked, call the number below now', 'URGENT your account is locked…'],
      ['paypal.com security team', 'Someone'],
      [undefined, 'Someone'],
      ['Kim', 'Kim'],
    ] as const) {
      const a = await signup(name);
      const rid = await relationship(a);
      const to = uniqueEmail('subject');
      assert.equal((await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to })).statusCode, 200);
      const mail = mailsTo(to)[0]!;
      assert.equal(mail.subject, `${shown} invited you to Project Inside`);
      assert.ok(!mail.text.includes(a.email), 'the inviter e-mail is not in the mail');
      if (name && shown !== name) assert.ok(!mail.text.includes(name), 'the long or linked name is not in the body either');
    }
  });
});

describe('invite tokens are tied to the invited e-mail', () => {
  async function invitedToken(a: PiUser, email: string): Promise<{ rid: string; token: string; id: string }> {
    const rid = await relationship(a);
    const inv = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email });
    assert.equal(inv.statusCode, 200, inv.body);
    const link = await piCall(t, a, 'GET', `/relationships/${rid}/invites/${inv.json().id as string}/link`);
    return { rid, token: link.json().token as string, id: inv.json().id as string };
  }
  const members = async (rid: string) =>
    (await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE relationship_id = $1`, [rid])).rows[0]!.n;

  test('signing up with the token and another e-mail → 400, no account; the invited e-mail (any case) joins', async () => {
    const a = await signup();
    const invited = uniqueEmail('Invited');
    const { rid, token, id } = await invitedToken(a, invited);
    const thief = uniqueEmail('thief');
    const r = await t.app.inject({ method: 'POST', url: `${PI}/auth/signup`, payload: { email: thief, password: 'correct-horse', invite_token: token } });
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(r.json(), { detail: 'This invite was sent to a different e-mail address' });
    assert.equal((await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.users WHERE lower(email) = lower($1)`, [thief])).rows[0]!.n, 0);
    assert.equal(await members(rid), 1);
    const ok = await t.app.inject({
      method: 'POST',
      url: `${PI}/auth/signup`,
      payload: { email: invited.toUpperCase(), password: 'correct-horse', invite_token: token },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(await members(rid), 2);
    assert.equal((await t.runtime.db.sql.executeSql(`SELECT status FROM project_inside.invites WHERE id = $1`, [id])).rows[0]!.status, 'ACCEPTED');
  });

  test('accepting with another account → 403 and nothing changes; the invited account joins', async () => {
    const a = await signup();
    const b = await signup();
    const { rid, token } = await invitedToken(a, b.email);
    const other = await signup();
    const r = await piCall(t, other, 'POST', '/relationships/invites/accept', { token });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(await members(rid), 1);
    assert.equal((await piCall(t, b, 'POST', '/relationships/invites/accept', { token })).statusCode, 200);
    assert.equal(await members(rid), 2);
  });
});
