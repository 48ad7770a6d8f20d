// Drives the published Couple Compass web client (couple-compass/frontend, Next.js) in headless Chromium against a
// quintet server, screen by screen, and prints PASS/FAIL per screen with the console errors, failed requests
// (status >= 400) and page crashes seen on it. Exit code 1 when a screen fails.
//
// How to run (nothing here is installed by the repo):
//   1. quintet: PRODUCTS=couple-compass PORT=8104 COUPLE_COMPASS_CORS_ORIGINS=http://127.0.0.1:3104 \
//        DATA_DIR=/tmp/cc-data npm start
//   2. the client, built with NEXT_PUBLIC_API_URL=http://127.0.0.1:8104/api/v1 NEXT_PUBLIC_WS_URL=127.0.0.1:8104
//      (offline: NEXT_FONT_GOOGLE_MOCKED_RESPONSES, see the team's client notes), served with `next start -p 3104`
//   3. in a directory with `npm install playwright-core` (resolved from the working directory):
//        CC_WEB_URL=http://127.0.0.1:3104 CC_API_URL=http://127.0.0.1:8104/api/v1 CHROMIUM=/usr/bin/chromium \
//          node <repo>/scripts/clients/couple-compass-web.mjs
//
// The client opens its chat socket without a token; quintet refuses that handshake by design (401). Those refusals
// are counted per screen as "socket refusals" and do not fail a screen: everything must still work over HTTP.
/* global fetch, localStorage, document -- the functions given to page.evaluate run in the browser */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const { chromium } = require('playwright-core');

const WEB = (process.env.CC_WEB_URL ?? 'http://127.0.0.1:3104').replace(/\/$/, '');
const API = (process.env.CC_API_URL ?? 'http://127.0.0.1:8104/api/v1').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = Number(process.env.CC_TIMEOUT_MS ?? 15000);
const SHOTS = process.env.CC_SCREENSHOTS ?? ''; // a directory: full-page screenshots of both users on a failure
// (after every screen with CC_SCREENSHOTS_ALL=1)
const pages = {};
const apiPath = (url) => url.slice(API.length).split('?')[0] || '/';
const run = Date.now().toString(36);

// ---- recording ------------------------------------------------------------------------------------------------
let screen = 'start';
const issues = []; // {screen, kind, text}
const results = []; // {name, ok, note, issues}

function record(kind, text) {
  issues.push({ screen, kind, text });
}

function watch(page, who) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/WebSocket connection to .*\/chat\/ws\/|WebSocket error/.test(text)) return; // counted once per socket below
    if (/Failed to load resource: the server responded with a status of/.test(text)) return; // counted as a response
    record('console', `${who}: ${text.slice(0, 300)}`);
  });
  page.on('pageerror', (e) => record('crash', `${who}: ${String(e?.message ?? e).slice(0, 300)}`));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const url = r.url();
    const where = url.startsWith(API) ? `API ${apiPath(url)}` : url.replace(WEB, 'WEB ');
    // The client links to pages it does not have (/terms, /privacy, /forgot-password); Next prefetches them.
    if (!url.startsWith(API) && r.status() === 404 && /[?&]_rsc=/.test(url)) return record('client-404', `${who}: ${where.replace(/\?.*/, '')}`);
    record('http', `${who}: ${r.request().method()} ${where} → ${r.status()}`);
  });
  page.on('requestfailed', (r) => {
    const err = r.failure()?.errorText ?? '';
    if (/ERR_ABORTED/.test(err)) return; // navigation cancelled an in-flight fetch
    record('network', `${who}: ${r.method()} ${r.url()} ${err}`);
  });
  page.on('websocket', (ws) => {
    let opened = false;
    ws.on('framereceived', () => (opened = true));
    ws.on('close', () => !opened && record('socket', `${who}: ${ws.url().replace(/^ws:\/\/[^/]+/, '')} closed before any frame`));
  });
  page.on('dialog', async (d) => {
    record('dialog', `${who}: ${d.type()} "${d.message()}"`);
    await d.accept().catch(() => {});
  });
}

/**
 * One screen: its steps run in `fn`; it passes when the steps pass and nothing unexpected was recorded on it.
 * `allow` lists recorded texts (regexes) that are the expected outcome of a step (e.g. a 400 the page shows).
 */
async function step(name, fn, { allow = [] } = {}) {
  screen = name;
  const start = issues.length;
  let error = null;
  let note = '';
  try {
    note = (await fn()) ?? '';
  } catch (e) {
    error = String(e?.message ?? e)
      .split('\n')[0]
      .slice(0, 300);
  }
  await new Promise((r) => setTimeout(r, 300));
  // Whatever is on screen now must not show a field the server left out or sent in the wrong shape.
  for (const [who, page] of [
    ['A', pages.a],
    ['B', pages.b],
  ]) {
    const body = await page?.innerText('body').catch(() => '');
    const bad = body?.match(/.{0,40}(\bundefined\b|\bNaN\b|Invalid Date|\b1970\b|\[object Object\]|\bnull\b).{0,40}/);
    if (bad) record('content', `${who}: on screen "${bad[0].replace(/\s+/g, ' ')}"`);
  }
  const mine = issues.slice(start);
  const bad = mine.filter((i) => ['console', 'crash', 'http', 'network', 'content'].includes(i.kind) && !allow.some((a) => a.test(i.text)));
  const ok = !error && bad.length === 0;
  if (SHOTS && (!ok || process.env.CC_SCREENSHOTS_ALL)) {
    for (const [who, page] of [
      ['A', pages.a],
      ['B', pages.b],
    ]) {
      await page?.screenshot({ path: path.join(SHOTS, `${results.length + 1}-${who}.png`), fullPage: true }).catch(() => {});
    }
  }
  results.push({ name, ok, note, error, issues: mine });
  const sockets = mine.filter((i) => i.kind === 'socket').length;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${note ? ` — ${note}` : ''}${sockets ? ` [socket refusals: ${sockets}]` : ''}`);
  if (error) console.log(`      step failed: ${error}`);
  for (const i of mine.filter((x) => x.kind !== 'socket')) console.log(`      ${i.kind}: ${i.text}`);
  return ok;
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const text = (page, t, opts = {}) => page.getByText(t, opts).first().waitFor({ timeout: TIMEOUT });
const json = async (page, re, action) => {
  const [resp] = await Promise.all([page.waitForResponse((r) => re.test(r.url()) && r.request().method() !== 'OPTIONS', { timeout: TIMEOUT }), action()]);
  return { status: resp.status(), body: await resp.json().catch(() => null) };
};
/** A call made from inside the page the way the client's chatService makes it (JSON content type, bearer token). */
const apiFromPage = (page, method, p, body) =>
  page.evaluate(
    async ({ url, method, body }) => {
      const r = await fetch(url, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${localStorage.getItem('access_token')}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const t = await r.text();
      let b = null;
      try {
        b = JSON.parse(t);
      } catch {
        b = t;
      }
      return { status: r.status, body: b };
    },
    { url: `${API}${p}`, method, body },
  );
const noEpoch = (s, where) => check(!/1970|Invalid Date|NaN/.test(s), `${where} shows "${s.trim().slice(0, 80)}"`);

// ---- the walk -------------------------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const ctxA = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const ctxB = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
for (const c of [ctxA, ctxB]) c.setDefaultTimeout(TIMEOUT);
const a = await ctxA.newPage();
const b = await ctxB.newPage();
Object.assign(pages, { a, b });
watch(a, 'A');
watch(b, 'B');
const A = { name: 'Alex', email: `alex-${run}@example.com`, password: 'password-123' };
const B = { name: 'Blair', email: `blair-${run}@example.com`, password: 'password-123' };
const state = {};

async function signup(page, u) {
  await page.goto(`${WEB}/signup`);
  await page.fill('input[name=name]', u.name);
  await page.fill('input[name=email]', u.email);
  await page.fill('input[name=password]', u.password);
  await page.fill('input[name=confirmPassword]', u.password);
  await page.check('input[name=terms]');
  const r = await json(page, /\/auth\/register$/, () => page.click('button[type=submit]'));
  check(r.status === 200, `register → ${r.status} ${JSON.stringify(r.body)}`);
  await page.waitForURL(/\/profile-setup$/);
  const user = await page.evaluate(() => JSON.parse(localStorage.getItem('user') ?? 'null'));
  check(user?.id && user?.email === u.email, `stored user ${JSON.stringify(user)}`);
  u.id = user.id;
}

await step('landing (/) — backend health', async () => {
  const r = await json(a, /\/health$/, () => a.goto(`${WEB}/`));
  check(r.status === 200 && r.body?.status === 'healthy', `health ${r.status} ${JSON.stringify(r.body)}`);
  await a.waitForLoadState('networkidle');
  const body = await a.innerText('body');
  check(!/Backend connection failed/.test(body), 'page says "Backend connection failed"');
});

await step('signup (A)', () => signup(a, A));

await step('profile-setup (3 steps) → dashboard', async () => {
  await a.selectOption('select[name=pronouns]', 'they/them');
  await a.fill('input[name=birthdate]', '1990-04-12');
  await a.selectOption('select[name=timezone]', 'Europe/Paris');
  await a.click('button[type=submit]');
  await a.selectOption('select[name=relationshipStatus]', 'dating');
  await a.fill('input[name=partnerName]', 'Blair');
  await a.fill('input[name=anniversaryDate]', '2020-06-01');
  await a.click('button[type=submit]');
  await text(a, 'Complete your profile');
  const r = await json(a, /\/users\/profile$/, () => a.click('button[type=submit]'));
  check(r.status === 200, `PUT /users/profile → ${r.status} ${JSON.stringify(r.body)}`);
  await a.waitForURL(/\/dashboard$/);
  await text(a, 'Quick Actions');
  const user = await a.evaluate(() => JSON.parse(localStorage.getItem('user') ?? 'null'));
  check(user?.id === A.id && user?.email === A.email, `stored user after setup ${JSON.stringify(user)}`);
});

await step(
  'login (after sign-out) → dashboard',
  async () => {
    await a.evaluate(() => localStorage.clear());
    await a.goto(`${WEB}/login`);
    await a.fill('input[name=email]', A.email);
    await a.fill('input[name=password]', 'wrong-password');
    const bad = await json(a, /\/auth\/login$/, () => a.click('button[type=submit]'));
    check(bad.status === 401, `wrong password → ${bad.status}`);
    await a.locator('.bg-red-50').first().waitFor();
    const shown = await a.locator('.bg-red-50').first().textContent();
    check(shown && !/Login failed/.test(shown), `wrong password shows "${shown}" (no detail)`);
    await a.fill('input[name=password]', A.password);
    const r = await json(a, /\/auth\/login$/, () => a.click('button[type=submit]'));
    check(r.status === 200, `login → ${r.status}`);
    await a.waitForURL(/\/dashboard$/);
    await text(a, 'Quick Actions');
    return `wrong password shows "${shown.trim()}"`;
  },
  { allow: [/POST API \/auth\/login → 401/] },
);

await step('dashboard (streak, profile menu, profile settings)', async () => {
  await a.reload();
  await text(a, 'Quick Actions');
  await text(a, '0 days');
  await a
    .getByRole('button', { name: new RegExp(A.name) })
    .first()
    .click();
  await text(a, A.email);
  const loaded = await json(a, /\/users\/profile$/, () => a.getByText('Profile Settings').first().click());
  check(loaded.status === 200, `GET /users/profile → ${loaded.status}`);
  await a.waitForFunction(() => [...document.querySelectorAll('input[type=date]')].some((i) => i.value === '1990-04-12'));
  const saved = await json(a, /\/users\/profile$/, () => a.getByRole('button', { name: 'Save Changes' }).click());
  check(saved.status === 200, `PUT /users/profile (settings) → ${saved.status} ${JSON.stringify(saved.body)}`);
  await text(a, 'Profile updated successfully');
  await a.waitForTimeout(2500); // the modal reloads the page after saving
  await text(a, 'Quick Actions');
  check(/\/dashboard$/.test(a.url()), `after saving settings at ${a.url()}`);
});

await step('mood tracker: check in, last update, stats, history', async () => {
  await a.goto(`${WEB}/mood-tracker`);
  await text(a, 'How are you feeling today?');
  await a.locator('button', { hasText: 'Happy' }).filter({ hasNotText: 'Unhappy' }).filter({ hasNotText: 'Very' }).click();
  await a.locator('button', { hasText: 'Work' }).click();
  await a.locator('button', { hasText: 'Relationship' }).click();
  await a.fill('textarea', 'Good talk tonight');
  const dialog = a.waitForEvent('dialog');
  const r = await json(a, /\/mood\/$/, () => a.getByRole('button', { name: 'Save Mood' }).click());
  check(r.status === 200 || r.status === 201, `POST /mood/ → ${r.status} ${JSON.stringify(r.body)}`);
  check((await dialog).message() === 'Mood saved successfully!', 'no success alert');
  const card = a.locator('div', { hasText: 'Last Mood Update' }).last();
  await card.waitFor();
  const shown = await card.textContent();
  noEpoch(shown, 'Last Mood Update');
  check(/Just now|minutes ago/.test(shown), `Last Mood Update shows "${shown.trim().slice(0, 120)}"`);
  await text(a, 'Avg Mood');
  // A reload reads /mood/today.
  await a.reload();
  await text(a, 'Last Mood Update');
  const again = await a.locator('div', { hasText: 'Last Mood Update' }).last().textContent();
  noEpoch(again, 'Last Mood Update after reload');
  check(/Just now|minutes ago/.test(again), `after reload: "${again.trim().slice(0, 120)}"`);
  // A second check-in the same day updates today's entry (the button now says "Update Mood").
  await a.locator('button', { hasText: 'Very Happy' }).click();
  const dialog2 = a.waitForEvent('dialog');
  const u = await json(a, /\/mood\/$/, () => a.getByRole('button', { name: 'Update Mood' }).click());
  check(u.status === 200 || u.status === 201, `POST /mood/ again → ${u.status} ${JSON.stringify(u.body)}`);
  check((await dialog2).message() === 'Mood updated successfully!', 'no update alert');
  check(u.body.id === r.body.id && u.body.mood_level === 5, `second check-in: ${JSON.stringify(u.body)}`);
  await a.getByRole('button', { name: 'Show Recent History' }).click();
  await text(a, 'Recent Mood History');
  const today = new Date().toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
  const history = a.locator('h4', { hasText: 'Recent Mood History' }).locator('xpath=../..');
  await history.getByText('Very Happy', { exact: true }).waitFor();
  const hist = await history.innerText();
  noEpoch(hist, 'history');
  check(hist.includes(today), `history does not show today (${today}): "${hist.trim().slice(0, 160)}"`);
  check(/Showing 1 of 1 entries/.test(hist), `history: "${hist.trim().slice(0, 160)}"`);
  return `last update "${(shown.match(/Just now|\d+ minutes ago/) ?? [''])[0]}", history shows ${today}`;
});

await step('dashboard streak after a check-in', async () => {
  await a.goto(`${WEB}/dashboard`);
  await text(a, '1 day');
});

await step('quiz: take it, results page', async () => {
  await a.goto(`${WEB}/quiz`);
  await a.getByRole('button', { name: /Start Quiz/ }).click();
  const total = Number(
    (
      await a
        .getByText(/Question 1 of \d+/)
        .first()
        .textContent()
    ).match(/of (\d+)/)[1],
  );
  let submit;
  for (let i = 1; i <= total; i++) {
    await text(a, `Question ${i} of ${total}`);
    // The second option of each question (the page shows options as buttons with their points).
    const options = a.locator('button', { hasText: /.+/ }).filter({ has: a.locator('span.text-lg') });
    await options.nth(1).click();
    const next = a.getByRole('button', { name: /Next Question|Complete|Finish|Submit|See Results/ });
    if (i === total) submit = a.waitForResponse((r) => /\/quiz\/relationship\/submit$/.test(r.url()) && r.request().method() === 'POST');
    await next.click();
  }
  const s = await submit;
  check(s.status() === 200 || s.status() === 201, `submit → ${s.status()} ${await s.text()}`);
  const sent = JSON.parse(s.request().postData() ?? '{}');
  await a.waitForURL(/\/quiz\/results\/[^/]+$/);
  await text(a, 'Category Breakdown');
  const page = await a.innerText('body');
  check(/\d+\.\d%/.test(page), 'no overall score');
  const cats = Number((page.match(/(\d+) Categories/) ?? [])[1]);
  check(cats >= 1, 'no category count');
  await text(a, 'Personalized Insights');
  const analysis = page.includes('Relationship Analysis');
  const tips = page.includes('Actionable Tips for Your Relationship');
  check(analysis, 'no comprehensive insights section');
  check(tips, 'no relationship tips section');
  check(!/undefined|NaN/.test(page), 'page shows undefined/NaN');
  return `${total} questions, ${sent.answers?.length} answers sent, ${cats} categories, score ${(page.match(/\d+\.\d%/) ?? [])[0]}`;
});

await step(
  'tips: first tip, latest after reload, history',
  async () => {
    await a.goto(`${WEB}/dashboard`);
    await a.getByText('Get Tips').first().click();
    await text(a, 'No tips yet');
    const r = await json(a, /\/tips\/generate$/, () => a.getByRole('button', { name: /Get Your First Tip/ }).click());
    check(r.status === 200 || r.status === 201, `generate → ${r.status} ${JSON.stringify(r.body)}`);
    const snippet = String(r.body.content).slice(0, 40);
    await text(a, snippet);
    await a.reload();
    await a.getByText('Get Tips').first().click();
    await text(a, snippet);
    await a.getByRole('button', { name: 'Generate New Tip' }).waitFor();
    const card = await a.locator('div', { hasText: snippet }).last().textContent();
    noEpoch(card, 'tip card');
    await a.getByRole('button', { name: /View History/ }).click();
    await text(a, 'Your past relationship advice');
    await text(a, snippet);
    // Two more tips are allowed today; the fourth shows the server's reason.
    await a.goto(`${WEB}/dashboard`);
    await a.getByText('Get Tips').first().click();
    for (let i = 0; i < 2; i++) {
      const more = await json(a, /\/tips\/generate$/, () => a.getByRole('button', { name: 'Generate New Tip' }).click());
      check(more.status === 200 || more.status === 201, `tip ${i + 2} → ${more.status}`);
      await text(a, String(more.body.content).slice(0, 40));
    }
    const over = await json(a, /\/tips\/generate$/, () => a.getByRole('button', { name: 'Generate New Tip' }).click());
    check(over.status === 400 && typeof over.body.detail === 'string', `4th tip → ${over.status} ${JSON.stringify(over.body)}`);
    await text(a, 'Unable to generate tip');
    await text(a, over.body.detail);
    return `category "${r.body.category}"; 4th tip shows "${over.body.detail}"`;
  },
  { allow: [/POST API \/tips\/generate → 400/] },
);

await step('signup (B) and skip profile setup', async () => {
  await signup(b, B);
  await b.goto(`${WEB}/dashboard`);
  await text(b, 'Quick Actions');
});

await step(
  'partner: A generates a code, B links with it',
  async () => {
    await a.goto(`${WEB}/partner`);
    const g = await json(a, /\/partner\/generate-code$/, () => a.getByRole('button', { name: 'Generate Code' }).last().click());
    check(g.status === 200, `generate-code → ${g.status}`);
    const code = g.body.code;
    await text(a, code.length === 6 ? `${code.slice(0, 3)}-${code.slice(3)}` : code);
    await text(a, /remaining/);
    // Reload: the active code comes back from /partner/status.
    await a.reload();
    await text(a, code.length === 6 ? `${code.slice(0, 3)}-${code.slice(3)}` : code);
    await b.goto(`${WEB}/partner`);
    await b.getByRole('button', { name: 'Enter Code' }).click();
    await b.fill('input[placeholder="XXX-XXX"]', code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ');
    const wrong = await json(b, /\/partner\/link$/, () => b.getByRole('button', { name: 'Link Accounts' }).click());
    check(wrong.status >= 400 && wrong.status < 500 && typeof wrong.body?.detail === 'string', `wrong code → ${wrong.status} ${JSON.stringify(wrong.body)}`);
    await text(b, wrong.body.detail);
    state.wrongCode = `${wrong.status} "${wrong.body.detail}"`;
    await b.fill('input[placeholder="XXX-XXX"]', code);
    const l = await json(b, /\/partner\/link$/, () => b.getByRole('button', { name: 'Link Accounts' }).click());
    check(l.status === 200, `link → ${l.status} ${JSON.stringify(l.body)}`);
    await text(b, A.email);
    const bText = await b.innerText('body');
    noEpoch(bText.match(/Connected on [^\n]{0,20}/)?.[0] ?? '', 'B: Connected on');
    await a.reload();
    await text(a, B.email);
    const aText = await a.innerText('body');
    const connected = aText.match(/Connected on \S+/)?.[0] ?? '';
    noEpoch(connected, 'A: Connected on');
    return `${connected}; a wrong code shows ${state.wrongCode}`;
  },
  { allow: [/POST API \/partner\/link → 4\d\d/] },
);

await step('chat (A): AI mediation session, send a message, get an AI answer', async () => {
  await a.goto(`${WEB}/chat`);
  await text(a, 'Couple Compass Chat');
  await a.getByPlaceholder('Type your message here...').fill('Can you help us communicate better?');
  const r = await json(a, /\/chat\/sessions\/[^/]+\/messages$/, () => a.getByPlaceholder('Type your message here...').press('Enter'));
  check(r.status === 200 || r.status === 201, `send → ${r.status}`);
  check(r.body?.ai_response?.content, `no ai_response: ${JSON.stringify(r.body).slice(0, 200)}`);
  await text(a, r.body.ai_response.content.slice(0, 30));
  state.sessionA = (await apiFromPage(a, 'GET', '/chat/sessions?limit=20&offset=0')).body[0].id;
  // A new session from the "+" button.
  const n = await json(a, /\/chat\/sessions$/, () => a.getByRole('button', { name: '+ New Conversation' }).click());
  check(n.status === 200 || n.status === 201, `new session → ${n.status}`);
  state.extraSession = n.body.id;
  await text(a, n.body.title);
  const toast = (await a.innerText('body')).includes('Connection error');
  return `AI answered over HTTP; socket refused, ${toast ? 'the page shows a connection error' : 'the page shows no socket error'}`;
});

await step('chat (A): partner connection modal → Add Partner → invitation sent', async () => {
  await a.goto(`${WEB}/chat`);
  await text(a, 'Couple Compass Chat');
  // The session with the AI answer (the page opens on the newest one).
  await a.getByText('New Conversation', { exact: true }).first().click();
  await text(a, 'Can you help us communicate better?');
  // The stored user has no partner_id (login stores id/name/email only): the page offers "Invite Partner", whose
  // modal reads /partner/status; closing it refreshes the user from /auth/profile.
  await a.getByRole('button', { name: 'Invite Partner' }).first().click();
  await text(a, 'Connected with Partner');
  await text(a, B.email);
  const connected = await a.getByText('Connected:').first().locator('xpath=..').innerText();
  noEpoch(connected, 'modal Connected');
  const prof = a.waitForResponse((r) => /\/auth\/profile$/.test(r.url()) && r.request().method() === 'GET');
  await a.locator('h2', { hasText: 'Partner Connection' }).locator('xpath=../following-sibling::button').click();
  const p = await prof;
  check(p.status() === 200, `/auth/profile → ${p.status()}`);
  const user = await a.evaluate(() => JSON.parse(localStorage.getItem('user') ?? 'null'));
  check(user?.id === A.id && user?.email === A.email && user?.partner_id, `stored user after /auth/profile ${JSON.stringify(user)}`);
  const inv = await json(a, /\/invite-partner$/, () => a.getByRole('button', { name: 'Add Partner' }).click());
  check(inv.status === 200 || inv.status === 201, `invite → ${inv.status} ${JSON.stringify(inv.body)}`);
  check(inv.body.session_id === state.sessionA, `invited to ${inv.body.session_id}, not the session on screen ${state.sessionA}`);
  state.invitedSession = inv.body.session_id;
  return `${connected.trim()}; no confirmation on screen (the page's toasts are rendered only on the dashboard)`;
});

await step('chat (B): invitation in dashboard bell, accept, couple chat', async () => {
  await b.goto(`${WEB}/dashboard`);
  await text(b, 'Quick Actions');
  await b.locator('button.relative').first().click();
  await text(b, `${A.name} invited you to chat`);
  const when = await b.getByText(`${A.name} invited you to chat`).first().locator('xpath=following-sibling::p').innerText();
  noEpoch(when, 'invitation time');
  await b.getByRole('link', { name: 'View' }).first().click();
  await b.waitForURL(/\/chat$/);
  await text(b, 'Couple Compass Chat');
  const invs = (await apiFromPage(b, 'GET', '/chat/invitations')).body;
  check(Array.isArray(invs) && invs.length === 1, `invitations ${JSON.stringify(invs)}`);
  const notes = [];
  if (await b.getByRole('button', { name: 'Accept' }).count()) {
    await b.getByRole('button', { name: 'Accept' }).click();
    notes.push('accepted with the Accept button');
  } else {
    // The page lists only invitations for the session on screen, and B's screen shows B's own session.
    const acc = await apiFromPage(b, 'POST', `/chat/invitations/${invs[0].id}/accept`);
    check(acc.status === 200 && acc.body.session_id === state.invitedSession, `accept ${JSON.stringify(acc)}`);
    notes.push("no Accept button on B's screen (invitation is for a session B is not viewing): accepted through chatService.acceptInvitation");
  }
  // A names the session so it can be told apart (chatService.updateSessionTitle; no UI for it).
  const t = await apiFromPage(a, 'PUT', `/chat/sessions/${state.invitedSession}/title`, { title: `Our talk ${run}` });
  check(t.status === 200 && t.body.title === `Our talk ${run}`, `title ${JSON.stringify(t)}`);
  await b.reload();
  await text(b, 'Couple Compass Chat');
  const listed = await b.getByText(`Our talk ${run}`).count();
  let small, ask;
  if (listed) {
    notes.push("shared session listed in B's sidebar");
    await b.getByText(`Our talk ${run}`).first().click();
    await text(b, 'Can you help us communicate better?');
    const box = b.getByPlaceholder('Type your message here...');
    await box.fill('hi love, how was your day');
    small = await json(b, /\/messages$/, () => box.press('Enter'));
    await box.fill('AI, what should we do about chores?');
    ask = await json(b, /\/messages$/, () => box.press('Enter'));
    await text(b, ask.body.ai_response.content.slice(0, 30));
  } else {
    notes.push("shared session not in B's sidebar: B wrote through chatService.sendMessage");
    small = await apiFromPage(b, 'POST', `/chat/sessions/${state.invitedSession}/messages`, { content: 'hi love, how was your day', message_type: 'text' });
    ask = await apiFromPage(b, 'POST', `/chat/sessions/${state.invitedSession}/messages`, {
      content: 'AI, what should we do about chores?',
      message_type: 'text',
    });
  }
  check(small.status < 300 && small.body.ai_response == null, `small talk ${JSON.stringify(small.body).slice(0, 200)}`);
  check(ask.status < 300 && ask.body.ai_response?.content, `AI ask ${JSON.stringify(ask.body).slice(0, 200)}`);
  // A sees B's messages after a reload, in the session now marked as a couple chat.
  await a.goto(`${WEB}/chat`);
  await a.getByText(`Our talk ${run}`).first().click();
  await text(a, 'hi love, how was your day');
  await text(a, ask.body.ai_response.content.slice(0, 30));
  return notes.join('; ');
});

await step('chat: second invitation declined; history, summary, stats, participants, delete (chatService calls; no UI)', async () => {
  const h = await apiFromPage(a, 'GET', `/chat/sessions/${state.invitedSession}/history?limit=50&offset=0`);
  check(h.status === 200 && Array.isArray(h.body) && h.body.length >= 4, `history ${h.status} ${JSON.stringify(h.body).slice(0, 200)}`);
  const roles = h.body.map((m) => m.role).join(',');
  const s = await apiFromPage(a, 'POST', `/chat/sessions/${state.invitedSession}/summary`);
  check(s.status === 200 && typeof s.body.summary === 'string', `summary ${JSON.stringify(s).slice(0, 200)}`);
  const st = await apiFromPage(a, 'GET', '/chat/stats');
  check(st.status === 200, `stats ${st.status}`);
  const pa = await apiFromPage(a, 'GET', `/chat/sessions/${state.invitedSession}/participants`);
  check(pa.status === 200, `participants ${pa.status}`);
  // A second invitation, for the other session, declined (chatService.declineInvitation without a reason).
  await a.goto(`${WEB}/chat`);
  await a.getByText('New Chat 2', { exact: true }).first().click();
  const inv2 = await json(a, /\/invite-partner$/, () => a.getByRole('button', { name: 'Add Partner' }).click());
  check(inv2.status < 300 && inv2.body.session_id === state.extraSession, `second invite ${JSON.stringify(inv2.body)}`);
  const dec = await apiFromPage(b, 'POST', `/chat/invitations/${inv2.body.id}/decline`, { invitation_id: inv2.body.id });
  check(dec.status === 200 && typeof dec.body.message === 'string', `decline ${JSON.stringify(dec)}`);
  const left = (await apiFromPage(b, 'GET', '/chat/invitations')).body;
  check(Array.isArray(left) && left.length === 0, `invitations after decline ${JSON.stringify(left)}`);
  const d = await apiFromPage(a, 'DELETE', `/chat/sessions/${state.extraSession}`);
  check(d.status === 200, `delete ${d.status}`);
  await a.goto(`${WEB}/chat`);
  await text(a, 'Couple Compass Chat');
  const list = (await apiFromPage(a, 'GET', '/chat/sessions?limit=20&offset=0')).body.map((x) => x.id);
  check(!list.includes(state.extraSession), 'deleted session still listed');
  return `history roles (A's view): ${roles}`;
});

await step('partner: unlink (A), both free again', async () => {
  await a.goto(`${WEB}/partner`);
  await text(a, B.email);
  const u = await json(a, /\/partner\/unlink$/, () => a.getByRole('button', { name: 'Unlink' }).click());
  check(u.status === 200, `unlink → ${u.status}`);
  await text(a, 'Generate Partner Code');
  await b.goto(`${WEB}/partner`);
  await text(b, 'Generate Partner Code');
});

await step('journal', async () => 'no journal screen in the published web client (nothing to drive)');

await browser.close();

// ---- summary --------------------------------------------------------------------------------------------------
const sockets = issues.filter((i) => i.kind === 'socket');
console.log(`\nsocket: ${sockets.length} refused/failed chat socket attempts (token-less URL, refused by design)`);
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length}/${results.length} screens passed`);
process.exit(failed.length ? 1 : 0);
