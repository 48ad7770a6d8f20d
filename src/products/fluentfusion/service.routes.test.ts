// FluentFusion as a whole: GET /, /health, the OpenAPI document (every route with its schemas), CORS for the web client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

describe('works', () => {
  test('GET / and GET /health in the seed\u2019s shapes, under the prefix and at the root', async () => {
    for (const [prefix, docs] of [
      ['/fluentfusion', '/fluentfusion/docs'],
      ['', '/docs'],
    ]) {
      const home = await t.app.inject({ method: 'GET', url: `${prefix}/` });
      assert.equal(home.statusCode, 200, home.body);
      assert.deepEqual(home.json(), { message: 'FluentFusion API', version: '1.0.0', docs });
      const health = await t.app.inject({ method: 'GET', url: `${prefix}/health` });
      assert.equal(health.statusCode, 200);
      assert.equal(health.json().status, 'healthy');
      assert.ok(Date.parse(health.json().timestamp) > 0);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/fluentfusion/docs' })).statusCode, 200);
  });

  test('every route is in OpenAPI with a success response schema, and every body or query with its schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/fluentfusion/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
            requestBody?: { content: Record<string, unknown> };
            parameters?: { in: string }[];
            security?: unknown[];
          }
        >
      >;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })));
    assert.deepEqual(ops.map((o) => o.key).sort(), [
      'DELETE /fluentfusion/api/users/me',
      'DELETE /fluentfusion/api/v1/ethics/consent/me/{consent_type}',
      'GET /fluentfusion',
      'GET /fluentfusion/api/auth/confirm-email-change',
      'GET /fluentfusion/api/auth/me',
      'GET /fluentfusion/api/badges/',
      'GET /fluentfusion/api/languages',
      'GET /fluentfusion/api/lessons/',
      'GET /fluentfusion/api/lessons/{lesson_id}',
      'GET /fluentfusion/api/lessons/{lesson_id}/exercises',
      'GET /fluentfusion/api/lessons/{lesson_id}/vocabulary',
      'GET /fluentfusion/api/progress/',
      'GET /fluentfusion/api/recommendations/',
      'GET /fluentfusion/api/stats',
      'GET /fluentfusion/api/student/catalog',
      'GET /fluentfusion/api/student/catalog/{course_id}',
      'GET /fluentfusion/api/student/courses',
      'GET /fluentfusion/api/student/courses/{course_id}/lessons',
      'GET /fluentfusion/api/student/dashboard',
      'GET /fluentfusion/api/student/leaderboard',
      'GET /fluentfusion/api/student/notifications',
      'GET /fluentfusion/api/student/notifications/unread-count',
      'GET /fluentfusion/api/student/profile',
      'GET /fluentfusion/api/student/quizzes',
      'GET /fluentfusion/api/users/languages',
      'GET /fluentfusion/api/users/me',
      'GET /fluentfusion/api/users/me/badges',
      'GET /fluentfusion/api/users/me/dashboard',
      'GET /fluentfusion/api/users/me/export',
      'GET /fluentfusion/api/v1/ethics/consent/me',
      'GET /fluentfusion/api/v1/ethics/consent/versions',
      'GET /fluentfusion/api/v1/ethics/data-rights/me',
      'GET /fluentfusion/health',
      'GET /fluentfusion/ready',
      'PATCH /fluentfusion/api/auth/profile',
      'PATCH /fluentfusion/api/student/profile/password',
      'PATCH /fluentfusion/api/users/me',
      'POST /fluentfusion/api/auth/forgot-password',
      'POST /fluentfusion/api/auth/google',
      'POST /fluentfusion/api/auth/login',
      'POST /fluentfusion/api/auth/logout',
      'POST /fluentfusion/api/auth/register',
      'POST /fluentfusion/api/auth/request-email-change',
      'POST /fluentfusion/api/auth/resend-verification',
      'POST /fluentfusion/api/auth/reset-password',
      'POST /fluentfusion/api/auth/verify-email',
      'POST /fluentfusion/api/lessons/{lesson_id}/progress',
      'POST /fluentfusion/api/lessons/{lesson_id}/submit',
      'POST /fluentfusion/api/progress/',
      'POST /fluentfusion/api/student/courses/{course_id}/enroll',
      'POST /fluentfusion/api/student/courses/{course_id}/lessons/{lesson_id}/complete',
      'POST /fluentfusion/api/student/notifications/mark-read',
      'POST /fluentfusion/api/student/onboarding',
      'POST /fluentfusion/api/translate',
      'POST /fluentfusion/api/v1/ethics/consent',
      'POST /fluentfusion/api/v1/ethics/data-rights',
      'PUT /fluentfusion/api/users/me',
    ]);
    for (const { key, op } of ops) {
      const ok = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
      assert.ok(ok.length > 0, `${key}: no 2xx response`);
      for (const [code, r] of ok) if (code !== '204') assert.ok(r.content?.['application/json']?.schema, `${key} ${code}: no schema`);
      if (key.startsWith('POST') || key.startsWith('PUT') || key.startsWith('PATCH')) {
        if (!key.endsWith('/logout')) assert.ok(op.requestBody?.content, `${key}: no request body schema`);
      }
    }
    const login = doc.paths['/fluentfusion/api/auth/login']!.post!;
    assert.ok(login.requestBody!.content['application/x-www-form-urlencoded'], 'login documents the OAuth2 form');
    const lessons = doc.paths['/fluentfusion/api/lessons/']!.get!;
    assert.deepEqual(
      lessons.parameters!.map((p) => p.in),
      ['query', 'query', 'query', 'query', 'query'],
    );
    assert.ok(doc.paths['/fluentfusion/api/progress/']!.post!.security!.length > 0);
  });

  test('the web client\u2019s origin (Vite, localhost:5173) may call the API from a browser', async () => {
    const r = await t.app.inject({
      method: 'OPTIONS',
      url: '/fluentfusion/api/auth/login',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.ok(r.statusCode === 204 || r.statusCode === 200, r.body);
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:5173');
  });
});

describe('rejects bad input', () => {
  test('an unknown path → 404 in FastAPI\u2019s shape', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fluentfusion/api/nothing-here' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { detail: 'Not Found' });
  });
});

describe('refuses the wrong user', () => {
  test('an origin that is not configured gets no CORS grant', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/fluentfusion/health', headers: { origin: 'https://evil.example' } });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });
});
