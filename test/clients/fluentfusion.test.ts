// Contract of the FluentFusion web client (ngabo-dev/fluentfusion.v1, frontend/app/src): every call a learner's
// pages make, sent the way they send them, answered with the fields the pages read — at the root paths it uses
// when this is the only product (VITE_API_URL = <server>/api). Two senders in the client:
//   apiCall (api/client.ts)      `${API_BASE_URL}${endpoint}`, JSON content type, Bearer when a token is stored;
//                                login is its own fetch: form-encoded `username`/`password`, `?remember=`.
//   api (the "legacy" shim)      `<server>${url}` with url = '/api/…', JSON content type, Bearer when stored.
// On a 401/403 both drop the stored token and go to /login, so every signed-in call must answer 2xx.
//
//   Signup.tsx / AuthContext     POST /auth/register {name,email,password,role} · POST /auth/login?remember= (form)
//                                GET /api/auth/me · POST /api/v1/ethics/consent (each consent ticked at sign-up)
//   EmailVerify.tsx              POST /auth/verify-email {email,code} · POST /auth/resend-verification {email}
//   ForgotPassword/ResetPassword POST /auth/forgot-password {email} · POST /auth/reset-password {token,new_password}
//   Onboarding.tsx               GET /languages · POST /student/onboarding {native_lang,learn_lang,goal,level}
//   Welcome.tsx                  GET /api/stats (no token)
//   Dashboard/Achievements/Streak GET /api/student/dashboard
//   StudentSidebar/AppNavbar     GET /api/student/notifications/unread-count · POST …/notifications/mark-read
//   Notifications.tsx            GET /api/student/notifications
//   Lessons.tsx / MyCourses.tsx  GET /api/student/courses · GET /api/student/courses/{id}/lessons
//                                POST /api/student/courses/{id}/lessons/{lesson_id}/complete (body {})
//   CourseCatalog.tsx / MyCourses GET /api/student/catalog?search=&language=&level= (only the set ones)
//                                POST /api/student/courses/{id}/enroll (body {})
//   CourseDetails.tsx            GET /api/student/catalog/{id} · POST /api/student/courses/{id}/enroll
//   Quizzes.tsx                  GET /api/student/quizzes
//   LiveTranslation.tsx          POST /api/translate {text,source_lang,target_lang} (its quick phrases, and swap)
//   Leaderboard.tsx              GET /api/student/leaderboard
//   Settings.tsx                 GET /api/student/profile · PATCH /api/auth/profile · POST /api/auth/request-email-change
//                                PATCH /api/student/profile/password
//   ConfirmEmailChange.tsx       GET /api/auth/confirm-email-change?token=
//   usersApi (client.ts)         GET /users/me/dashboard · GET /users/languages
//   DataRights.tsx               GET /api/v1/ethics/consent/me · DELETE /api/v1/ethics/consent/me/{type}
//                                GET /api/v1/ethics/data-rights/me · POST /api/v1/ethics/data-rights {request_type,details}
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(() => t.close());

interface Session {
  token: string | null;
}

/** Both senders: JSON content type always, the stored token when there is one, a body only when given. */
function call(s: Session | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, data?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...(s?.token ? { authorization: `Bearer ${s.token}` } : {}) },
    ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
  });
}

/** apiCall / the shim: a non-2xx is an error whose message is `detail`; 401/403 log the user out. */
async function ok<T = Record<string, unknown>>(r: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const res = await r;
  assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.json() as T;
}

/** authApi.login: its own fetch, form-encoded, `remember` in the query. */
function login(email: string, password: string, remember = true) {
  return t.app.inject({
    method: 'POST',
    url: `/api/auth/login?remember=${remember}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username: email, password }).toString(),
  });
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function mailTo(to: string, match: RegExp, nth = 1) {
  for (let i = 0; i < 250; i++) {
    const m = t.outbox.filter((x) => x.to === to && match.test(x.text))[nth - 1];
    if (m) return m;
    await sleep(20);
  }
  assert.fail(`no mail ${match} to ${to}`);
}

const iso = (v: unknown, field: string) => assert.ok(typeof v === 'string' && !Number.isNaN(Date.parse(v)), `${field}: ${String(v)}`);
const PULSE = ['thriving', 'coasting', 'struggling', 'burning_out', 'disengaged'];

/** Signup.tsx → EmailVerify.tsx → Login.tsx, as a learner does it; returns the stored session. */
/** Full names as people type them; a middle word keeps them apart across runs on a shared database. */
const fullName = (first: string, last: string) => `${first} ${randomBytes(3).toString('hex')} ${last}`;

async function learner(name = fullName('Aline', 'Uwase')) {
  const email = uniqueEmail('ff-client');
  const password = 'Walk-er-2026!';
  const reg = await ok(call(null, 'POST', '/api/auth/register', { name, email, password, role: 'student' }));
  // authApi.register keeps id, name, role (and the user's name in the success message).
  assert.equal(typeof reg.id, 'string');
  assert.equal(reg.name, name);
  assert.equal(typeof reg.role, 'string');
  const code = /\b(\d{6})\b/.exec((await mailTo(email, /verification code/)).text)?.[1];
  assert.ok(code);
  const verified = await ok(call(null, 'POST', '/api/auth/verify-email', { email, code }));
  assert.equal(typeof verified.message, 'string');
  const res = await login(email, password);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  for (const k of ['access_token', 'name', 'role']) assert.equal(typeof body[k], 'string', k);
  assert.ok(body.id !== undefined);
  assert.equal(body.is_first_login, true, 'first login → /onboard/native-language');
  // setTokenExpiry reads `exp` from the JWT payload; without it the client logs out at once.
  const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
  assert.ok(payload.exp * 1000 > Date.now());
  return { s: { token: body.access_token as string }, email, password, id: body.id as string, name };
}

describe('a learner through the web client', () => {
  test('sign-up, code, first login, onboarding, dashboard, lesson, notifications, leaderboard, settings', async () => {
    const { s, email, password, id, name } = await learner();

    // AuthContext on every load.
    const me = await ok(call(s, 'GET', '/api/auth/me'));
    assert.deepEqual([me.id, me.name, me.email, typeof me.role, typeof me.avatar_initials], [id, name, email, 'string', 'string']);
    assert.equal(me.avatar_initials, 'AU');

    // Onboarding: languages (with or without a token), then the answers.
    for (const who of [s, null]) {
      const { languages } = await ok<{ languages: Record<string, unknown>[] }>(call(who, 'GET', '/api/languages'));
      assert.deepEqual(
        languages.map((l) => [l.code, l.name]),
        [
          ['rw', 'Kinyarwanda'],
          ['en', 'English'],
          ['fr', 'French'],
        ],
      );
      for (const l of languages) assert.equal(typeof l.country, 'string');
    }
    assert.deepEqual(await ok(call(s, 'POST', '/api/student/onboarding', { native_lang: 'en', learn_lang: 'fr', goal: 'travel', level: 'beginner' })), {
      ok: true,
    });
    // Skipped steps come as null from localStorage.
    assert.equal((await call(s, 'POST', '/api/student/onboarding', { native_lang: null, learn_lang: 'fr', goal: null, level: 'beginner' })).statusCode, 200);

    // Dashboard (also Achievements and StreakTracker).
    const d = await ok(call(s, 'GET', '/api/student/dashboard'));
    for (const k of ['total_courses', 'avg_completion', 'total_spent', 'xp']) assert.equal(typeof d[k], 'number', k);
    assert.ok(PULSE.includes(d.pulse_state as string));
    assert.ok(Array.isArray(d.upcoming_sessions));
    const enrolled = d.enrolled_courses as Record<string, unknown>[];
    assert.equal(enrolled[0]!.language, 'French', 'learn_lang fr made French my track');
    for (const k of ['id', 'completion', 'lesson_count']) assert.equal(typeof enrolled[0]![k], 'number', k);
    for (const k of ['title', 'flag_emoji', 'instructor', 'level']) assert.equal(typeof enrolled[0]![k], 'string', k);

    // Lessons.tsx: my courses, the first one's lessons, mark the first lesson done.
    const courses = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/student/courses'));
    const course = courses[0]!;
    // The course picker does courses.find(c => c.id === Number(select.value)).
    assert.equal(
      courses.find((c) => c.id === Number(String(course.id))),
      course,
    );
    const lessons = await ok<Record<string, unknown>[]>(call(s, 'GET', `/api/student/courses/${course.id}/lessons`));
    assert.ok(lessons.length >= 6);
    const first = lessons[0]!;
    for (const k of ['id', 'title', 'lesson_type', 'content', 'module_title']) assert.equal(typeof first[k], 'string', k);
    for (const k of ['duration_min', 'order']) assert.equal(typeof first[k], 'number', k);
    const done = await ok(call(s, 'POST', `/api/student/courses/${course.id}/lessons/${first.id}/complete`, {}));
    assert.equal(done.ok, true);
    assert.ok((done.completion as number) > 0);
    assert.equal(done.xp, 10);

    // Bell and notifications: the first lesson earned First Steps.
    const unread = await ok(call(s, 'GET', '/api/student/notifications/unread-count'));
    assert.equal(unread.count, 1);
    const notes = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/student/notifications'));
    assert.equal(notes.length, 1);
    for (const k of ['id', 'title', 'message', 'link', 'sent_at']) assert.equal(typeof notes[0]![k], 'string', k);
    assert.equal(notes[0]!.is_read, false);
    assert.match(notes[0]!.title as string, /First Steps/);
    const marked = await call(s, 'POST', '/api/student/notifications/mark-read');
    assert.equal(marked.statusCode, 200, marked.body);
    assert.equal((await ok(call(s, 'GET', '/api/student/notifications/unread-count'))).count, 0);

    // Leaderboard: me, with the fields the page reads (pulse_state.replace is called on it).
    const board = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/student/leaderboard'));
    const mine = board.find((r) => r.is_me === true)!;
    assert.equal(mine.id, id);
    assert.equal(mine.name, name);
    assert.equal(typeof mine.rank, 'number');
    assert.equal(mine.xp, 10);
    assert.equal(typeof mine.avatar_initials, 'string');
    assert.equal(typeof (mine.pulse_state as string).replace, 'function');
    for (const r of board) assert.equal(r.email, undefined);

    // Settings: profile, name/bio behind the password, password change.
    const profile = await ok(call(s, 'GET', '/api/student/profile'));
    assert.deepEqual([profile.name, profile.email, profile.xp], [name, email, 10]);
    iso(profile.created_at, 'created_at');
    assert.ok(PULSE.includes(profile.pulse_state as string));
    const renamed = await ok(call(s, 'PATCH', '/api/auth/profile', { current_password: password, name: `${name} N`, bio: 'Guide in Musanze' }));
    assert.deepEqual([renamed.name, renamed.avatar_initials, renamed.bio], [`${name} N`, 'AN', 'Guide in Musanze']);
    const wrong = await call(s, 'PATCH', '/api/auth/profile', { current_password: 'not-it', name: 'X' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().detail, 'Incorrect password');

    // usersApi in client.ts.
    const stats = await ok(call(s, 'GET', '/api/users/me/dashboard'));
    for (const k of [
      'xp_points',
      'xp_today',
      'current_streak',
      'best_streak',
      'lessons_completed',
      'lessons_this_month',
      'fluency_score',
      'time_spent_today',
      'achievements_unlocked',
      'next_level_xp',
      'level',
    ]) {
      assert.equal(typeof stats[k], 'number', k);
    }
    assert.deepEqual([stats.xp_points, stats.lessons_completed, stats.achievements_unlocked, stats.current_streak], [10, 1, 1, 1]);
    assert.equal((await ok<{ languages: unknown[] }>(call(s, 'GET', '/api/users/languages'))).languages.length, 3);

    // Password change: every session ends; the client's next call gets 401 and it goes to /login.
    assert.deepEqual(await ok(call(s, 'PATCH', '/api/student/profile/password', { current_password: password, new_password: 'Another-2026!' })), { ok: true });
    assert.equal((await call(s, 'GET', '/api/student/profile')).statusCode, 401);
    const again = await login(email, 'Another-2026!');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().is_first_login, false, 'second login → /dashboard');
  });

  test('consents ticked at sign-up, sent after every login (AuthContext), and the Data Rights page', async () => {
    const { s } = await learner(fullName('Grace', 'Ineza'));
    const consents = ['terms_and_conditions', 'privacy_policy', 'pulse_automated_processing'];
    const send = () => Promise.all(consents.map((ct) => call(s, 'POST', '/api/v1/ethics/consent', { consent_type: ct, version: '1.0', accepted: true })));
    const first = await send();
    for (const r of first) assert.equal(r.statusCode, 200, r.body);
    // Promise.allSettled in the client: a repeat (next login with the list still stored) writes nothing new.
    const again = await send();
    assert.deepEqual(
      again.map((r) => r.json().id),
      first.map((r) => r.json().id),
    );
    const mine = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/v1/ethics/consent/me'));
    assert.equal(mine.length, 3);
    for (const c of mine) {
      assert.ok(consents.includes(c.consent_type as string));
      assert.deepEqual([c.version, c.accepted, c.revoked_at], ['1.0', true, null]);
      iso(c.accepted_at, 'accepted_at');
      assert.equal(typeof c.id, 'string');
    }
    // "Withdraw" on the optional PULSE consent.
    assert.deepEqual(await ok(call(s, 'DELETE', '/api/v1/ethics/consent/me/pulse_automated_processing')), { ok: true });
    const after = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/v1/ethics/consent/me'));
    const pulse = after.find((c) => c.consent_type === 'pulse_automated_processing')!;
    assert.equal(pulse.accepted, false);
    iso(pulse.revoked_at, 'revoked_at');

    // The export button, then a correction request from the form.
    const exp = await ok(
      call(s, 'POST', '/api/v1/ethics/data-rights', { request_type: 'access', details: 'Data export request — please compile and email all my data.' }),
    );
    assert.equal(exp.ok, true);
    assert.match(exp.reference as string, /^DSR-/);
    await ok(call(s, 'POST', '/api/v1/ethics/data-rights', { request_type: 'correction', details: 'My name is spelled wrong' }));
    const dsrs = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/v1/ethics/data-rights/me'));
    assert.deepEqual(
      dsrs.map((d) => [d.request_type, d.status]),
      [
        ['correction', 'pending'],
        ['access', 'completed'],
      ],
    );
    for (const d of dsrs) iso(d.created_at, 'created_at');
    assert.match(dsrs[1]!.resolution_notes as string, /export/);
  });

  test('e-mail change from Settings, confirmed from the mailed link (ConfirmEmailChange.tsx)', async () => {
    const { s, email, password } = await learner(fullName('Jean', 'Pierre'));
    const next = uniqueEmail('ff-client-new');
    const r = await ok(call(s, 'POST', '/api/auth/request-email-change', { current_password: password, new_email: next }));
    assert.equal(typeof r.message, 'string');
    const token = /\/confirm-email-change\?token=(\S+)/.exec((await mailTo(next, /confirm-email-change/)).text)?.[1];
    assert.ok(token);
    // The page calls it with its stored token, or none in another browser.
    const confirmed = await ok(call(null, 'GET', `/api/auth/confirm-email-change?token=${token}`));
    assert.deepEqual(confirmed, { message: 'Email updated successfully', email: next });
    assert.equal((await login(email, password)).statusCode, 401);
    assert.equal((await login(next, password)).statusCode, 200);
  });

  test('Course Catalog, Course details, My Courses and Quizzes pages', async () => {
    const { s } = await learner(fullName('Claude', 'Mugisha'));
    // CourseCatalog.tsx reads these per card; `enrolled` picks "Enrolled — Continue" or "Enroll Now".
    const all = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/student/catalog'));
    assert.equal(all.length, 3);
    for (const c of all) {
      assert.equal(typeof c.id, 'number');
      for (const k of ['title', 'language', 'level', 'flag_emoji', 'instructor', 'instructor_initials', 'description']) assert.equal(typeof c[k], 'string', k);
      for (const k of ['price', 'lesson_count', 'student_count', 'rating']) assert.equal(typeof c[k], 'number', k);
      assert.equal(typeof c.enrolled, 'boolean');
    }
    // Its filters: a language name from its list and a level from its list.
    const french = await ok<{ id: number; enrolled: boolean }[]>(call(s, 'GET', '/api/student/catalog?language=French&level=Beginner'));
    assert.deepEqual(
      french.map((c) => c.id),
      [3],
    );
    assert.deepEqual(await ok(call(s, 'GET', '/api/student/catalog?language=Japanese')), []);
    assert.equal((await ok<unknown[]>(call(s, 'GET', '/api/student/catalog?search=tourism&level=All%20Levels'))).length, 3);

    // CourseDetails.tsx: the page, the curriculum's sections and lessons, then Enroll Now.
    const page = await ok<{ enrolled: boolean; curriculum: { title: string; lessons: { title: string; duration_min: number }[] }[]; lesson_count: number }>(
      call(s, 'GET', '/api/student/catalog/3'),
    );
    assert.equal(page.enrolled, french[0]!.enrolled);
    assert.equal(
      page.curriculum.reduce((n, sec) => n + sec.lessons.length, 0),
      page.lesson_count,
    );
    for (const sec of page.curriculum) for (const l of sec.lessons) assert.ok(l.title && l.duration_min > 0);
    await ok(call(s, 'POST', '/api/student/courses/3/enroll', {}));
    assert.equal((await ok<{ enrolled: boolean }>(call(s, 'GET', '/api/student/catalog/3'))).enrolled, true);

    // MyCourses.tsx lists it and opens it; Quizzes.tsx shows a card per lesson quiz.
    const mine = await ok<{ id: number; completion: number }[]>(call(s, 'GET', '/api/student/courses'));
    assert.ok(mine.some((c) => c.id === 3));
    const lessons = await ok<unknown[]>(call(s, 'GET', '/api/student/courses/3/lessons'));
    assert.equal(lessons.length, page.lesson_count);
    const quizzes = await ok<Record<string, unknown>[]>(call(s, 'GET', '/api/student/quizzes'));
    assert.ok(quizzes.length >= page.lesson_count);
    for (const q of quizzes) {
      for (const k of ['title', 'course', 'flag_emoji']) assert.equal(typeof q[k], 'string', k);
      for (const k of ['question_count', 'avg_score', 'attempts']) assert.equal(typeof q[k], 'number', k);
      assert.ok(q.id !== undefined);
    }
  });

  test('Live Translation page: quick phrases from the lessons, swap, and the message shown when no engine can help', async () => {
    const { s } = await learner(fullName('Diane', 'Ingabire'));
    // A quick phrase, English → Kinyarwanda (the page's defaults): it shows translated_text, /romanization/, the note.
    const thanks = await ok<{ translated_text: string; romanization: string | null; usage_note: string | null }>(
      call(s, 'POST', '/api/translate', { text: 'Thank you very much', source_lang: 'en', target_lang: 'rw' }),
    );
    assert.match(thanks.translated_text, /murakoze cyane/i);
    assert.equal(typeof thanks.romanization, 'string');
    assert.equal(typeof thanks.usage_note, 'string');
    // Swap: the translation becomes the input, Kinyarwanda → English.
    const back = await ok<{ translated_text: string }>(
      call(s, 'POST', '/api/translate', { text: thanks.translated_text, source_lang: 'rw', target_lang: 'en' }),
    );
    assert.match(back.translated_text, /thank/i);
    // Without an AI engine a sentence the lessons don't teach is refused with a message, never made up.
    const unknown = await call(s, 'POST', '/api/translate', { text: 'I would like to visit Volcanoes National Park', source_lang: 'en', target_lang: 'rw' });
    assert.equal(unknown.statusCode, 503);
    assert.equal(typeof unknown.json().detail, 'string');
  });

  test('resend code and password reset pages; public stats for the welcome page', async () => {
    const email = uniqueEmail('ff-client-reset');
    await ok(call(null, 'POST', '/api/auth/register', { name: 'Eric M', email, password: 'First-pass-1!', role: 'student' }));
    const resent = await ok(call(null, 'POST', '/api/auth/resend-verification', { email }));
    assert.equal(typeof resent.message, 'string');
    await mailTo(email, /verification code/, 2);

    assert.equal(typeof (await ok(call(null, 'POST', '/api/auth/forgot-password', { email }))).message, 'string');
    const token = /[?&]token=([^\s&]+)/.exec((await mailTo(email, /reset-password\?token=/)).text)?.[1];
    assert.ok(token);
    await ok(call(null, 'POST', '/api/auth/reset-password', { token: decodeURIComponent(token), new_password: 'Second-pass-2!' }));
    assert.equal((await login(email, 'Second-pass-2!')).statusCode, 200);

    const stats = await ok(call(null, 'GET', '/api/stats'));
    for (const k of ['active_learners', 'total_users', 'languages', 'courses', 'instructors', 'success_rate']) assert.equal(typeof stats[k], 'number', k);
    assert.equal(stats.languages, 3);
  });

  test("what a learner must not reach: no token → 401 (the client goes to /login), another learner's data never shown", async () => {
    const a = await learner(fullName('Alice', 'Kamanzi'));
    const b = await learner(fullName('Bob', 'Nkusi'));
    for (const [m, u] of [
      ['GET', '/api/student/dashboard'],
      ['GET', '/api/student/profile'],
      ['GET', '/api/student/notifications'],
      ['GET', '/api/student/courses'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/v1/ethics/consent/me'],
      ['GET', '/api/v1/ethics/data-rights/me'],
    ] as const) {
      assert.equal((await call(null, m, u)).statusCode, 401, u);
      assert.equal((await call({ token: `${a.s.token}x` }, m, u)).statusCode, 401, u);
    }
    const courses = await ok<{ id: number }[]>(call(a.s, 'GET', '/api/student/courses'));
    const [l] = await ok<{ id: string }[]>(call(a.s, 'GET', `/api/student/courses/${courses[0]!.id}/lessons`));
    await ok(call(a.s, 'POST', `/api/student/courses/${courses[0]!.id}/lessons/${l!.id}/complete`, {}));
    // Bob's pages hold none of Alice's progress or notifications; marking read touches only his.
    assert.equal((await ok(call(b.s, 'GET', '/api/student/notifications/unread-count'))).count, 0);
    await ok(call(b.s, 'POST', '/api/student/notifications/mark-read'));
    assert.equal((await ok(call(a.s, 'GET', '/api/student/notifications/unread-count'))).count, 1);
    assert.equal((await ok(call(b.s, 'GET', '/api/student/dashboard'))).xp, 0);
    await ok(call(a.s, 'POST', '/api/v1/ethics/consent', { consent_type: 'privacy_policy', version: '1.0', accepted: true }));
    assert.deepEqual(await ok(call(b.s, 'GET', '/api/v1/ethics/consent/me')), []);
    assert.equal((await call(b.s, 'DELETE', '/api/v1/ethics/consent/me/privacy_policy')).statusCode, 404);
    assert.equal((await ok<unknown[]>(call(a.s, 'GET', '/api/v1/ethics/consent/me'))).length, 1);
  });
});
