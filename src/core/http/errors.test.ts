// Error styles see the request: a product whose envelope echoes the path gets it on every kind of error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { createLogger, createServer } from './server.js';
import { AppError, errorHandler, notFoundHandler, type ErrorStyle } from './errors.js';

const pathStyle: ErrorStyle = {
  error: (status, message, code, req) => ({ status, message, code, path: req?.url.split('?')[0] }),
  validation: (details, req) => ({ status: 422, body: { details: details.map((d) => d.loc), path: req?.url.split('?')[0] } }),
};

test('error styles get the request on app errors, validation, bad JSON, 404 and 500', async () => {
  const app = createServer({ log: createLogger({ level: 'silent' }), trustProxy: 0, bodyLimit: 1024 });
  app.setErrorHandler(errorHandler(pathStyle));
  app.setNotFoundHandler(notFoundHandler(pathStyle));
  app.get('/gone', async () => {
    throw new AppError('gone', 410, 'Gone away');
  });
  app.get('/boom', async () => {
    throw new Error('secret detail');
  });
  app.post('/items', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({ ok: true }));
  await app.ready();
  try {
    const gone = await app.inject({ method: 'GET', url: '/gone?token=x' });
    assert.deepEqual(gone.json(), { status: 410, message: 'Gone away', code: 'gone', path: '/gone' });
    const invalid = await app.inject({ method: 'POST', url: '/items', payload: {} });
    assert.equal(invalid.statusCode, 422);
    assert.deepEqual(invalid.json(), { details: [['body', 'name']], path: '/items' });
    const badJson = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    assert.equal(badJson.statusCode, 422);
    assert.equal(badJson.json().path, '/items');
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    assert.deepEqual(missing.json(), { status: 404, message: 'Not Found', code: 'not_found', path: '/nowhere' });
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    assert.deepEqual(boom.json(), { status: 500, message: 'Internal Server Error', code: 'internal', path: '/boom' });
  } finally {
    await app.close();
  }
});
