// Helpers for Memory Maker's tests: the app, accounts, a superuser, waiting for jobs,
// and reading a PDF back (pages and their text).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startTestApp, type StartOptions, type TestApp } from './app.js';
import { callAs, signUp, type TestUser } from './accounts.js';
import type { Ctx } from '../../src/products/memory-maker/context.js';

export const P = '/memory-maker/api/v1';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function startMemoryMaker(o: StartOptions = {}): Promise<TestApp> {
  return startTestApp({ ...o, products: ['memory-maker'], env: { JOB_RETRY_DELAY_PERCENT: '1', ...o.env } });
}

export const mmCtx = (t: TestApp) => t.ctx('memory-maker') as unknown as Ctx;

const octet = () => 1 + Math.floor(Math.random() * 250);

/**
 * Registers through POST /auth/register (from an address of its own, so sign-up limits of tests that run at real
 * limits never add up across files sharing one Redis) and logs in through the OAuth2 form.
 */
export function newUser(t: TestApp, tag = 'mm'): Promise<TestUser> {
  return signUp(t, { url: `${P}/auth/register`, tag, remoteAddress: `10.${octet()}.${octet()}.${octet()}`, login: { url: `${P}/auth/login`, form: true } });
}

/** A user made a superuser (as FIRST_SUPERUSER would be), logged in. */
export async function newSuperuser(t: TestApp): Promise<TestUser> {
  const email = `admin.${randomBytes(6).toString('hex')}@example.com`;
  const password = 'Admin-password-1';
  await mmCtx(t).accounts.ensureSuperuser(email, password);
  const r = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/login`,
    headers: FORM,
    payload: new URLSearchParams({ username: email, password }).toString(),
  });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as { access_token: string; refresh_token: string };
  const sub = (JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
  return { id: sub, email, password, token: body.access_token, refresh: body.refresh_token };
}

export const call = (t: TestApp, user: { token: string } | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  callAs(t, user, method, `${P}${url}`, payload);

/** Polls until `check` returns a value (jobs run in the background). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a generation and waits for it to finish; returns the task as last seen. */
export async function generateAndWait(
  t: TestApp,
  user: { token: string },
  body: Record<string, unknown>,
): Promise<{ task_id: string; book_id: string; status: string; error: string | null }> {
  const r = await call(t, user, 'POST', '/books/generate', body);
  assert.equal(r.statusCode, 202, r.body);
  const { task_id, book_id } = r.json() as { task_id: string; book_id: string };
  return eventually(async () => {
    const s = await call(t, user, 'GET', `/books/generate/${task_id}`);
    assert.equal(s.statusCode, 200, s.body);
    const task = s.json() as { status: string; error: string | null };
    return task.status === 'completed' || task.status === 'failed' ? { task_id, book_id, status: task.status, error: task.error } : undefined;
  }, `task ${task_id}`);
}

const requireCjs = createRequire(import.meta.url);

/** The pages of a PDF and the text on each (pdf.js, the reader browsers use). */
export async function readPdf(bytes: Buffer): Promise<{ pages: string[]; title: string | undefined }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = `${path.join(path.dirname(requireCjs.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, title: (meta.info as { Title?: string }).Title };
}
