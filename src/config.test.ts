// loadConfig: defaults, one clear ConfigError per bad variable (never echoing secrets), per-product overrides.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, PRODUCT_SLUGS, loadConfig, productConfig, type Config } from './config.js';
import { loadProducts } from './products/index.js';
import type { ProductModule } from './core/product.js';

const modules = new Map((await loadProducts(PRODUCT_SLUGS)).map((m) => [m.slug, m]));
const product = (c: Config, slug: string) => productConfig(modules.get(slug)!, c);

const STRONG = 's'.repeat(32);

/** Asserts loadConfig(env) throws a ConfigError whose message names `variable`, and returns the message. */
function configError(env: Record<string, string>, variable: string | RegExp): string {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError for ${JSON.stringify(env)}, got ${String(caught)}`);
  const msg = caught.message;
  assert.equal(caught.name, 'ConfigError');
  if (typeof variable === 'string') assert.match(msg, new RegExp(`\\b${variable}\\b`), msg);
  else assert.match(msg, variable);
  return msg;
}

describe('loadConfig', () => {
  test('defaults with an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.env, 'development');
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8000);
    assert.deepEqual(c.products, [...PRODUCT_SLUGS]);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.redisRequired, false);
    assert.equal(c.jwtSecret, undefined);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.trustProxy, 0);
    assert.equal(c.bodyLimit, 1_048_576);
    assert.equal(c.docs, true);
    assert.equal(c.webConcurrency, 1);
    assert.equal(c.jobs.workers, true);
    assert.deepEqual(c.corsOrigins, []);
    assert.equal(c.firstSuperuser, undefined);
    assert.equal(c.appBaseUrl, 'http://localhost:3000');

    assert.deepEqual(c.rateLimit, { userMax: 600, ipMax: 600, windowS: 60, scale: 1, handshakeMax: 60 });
    assert.deepEqual(c.limits.LOGIN_FAILURES_PER_ACCOUNT, { max: 10, windowS: 900 });

    const cc = product(c, 'couple-compass');
    assert.equal(cc.slug, 'couple-compass');
    assert.equal(cc.accessTokenTtlS, 30 * 60);
    assert.equal(cc.refreshTokenTtlS, 7 * 86_400);
    assert.deepEqual(cc.rateLimit, { userMax: 600, ipMax: 600, windowS: 60, handshakeMax: 60 });
    assert.deepEqual(cc.corsOrigins, ['http://localhost:*', 'http://127.0.0.1:*', 'https://localhost:*', 'https://127.0.0.1:*']);
    for (const slug of PRODUCT_SLUGS) assert.equal(product(c, slug).slug, slug);
  });

  test('empty strings count as unset', () => {
    const c = loadConfig({ PORT: '', LOG_LEVEL: '', PRODUCTS: '' });
    assert.equal(c.port, 8000);
    assert.equal(c.logLevel, 'info');
    assert.deepEqual(c.products, [...PRODUCT_SLUGS]);
  });

  test('values are parsed: numbers, booleans, lists', () => {
    const c = loadConfig({
      PORT: '0',
      DOCS: 'off',
      JOB_WORKERS: 'no',
      REDIS_REQUIRED: 'TRUE',
      TRUST_PROXY: '2',
      CORS_ORIGINS: ' https://a.example , ,https://b.example ',
      APP_BASE_URL: 'https://app.example/',
    });
    assert.equal(c.port, 0);
    assert.equal(c.docs, false);
    assert.equal(c.jobs.workers, false);
    assert.equal(c.redisRequired, true);
    assert.equal(c.trustProxy, 2);
    assert.deepEqual(c.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(c.appBaseUrl, 'https://app.example');
    // CORS_ORIGINS is added to every product's own list.
    for (const slug of PRODUCT_SLUGS) assert.deepEqual(product(c, slug).corsOrigins.slice(-2), ['https://a.example', 'https://b.example']);
  });

  test('a bad PORT throws naming PORT', () => {
    for (const v of ['abc', '70000', '-1', '80.5', '8000x', '1e3']) configError({ PORT: v }, 'PORT');
  });

  test('a bad LOG_LEVEL throws naming LOG_LEVEL', () => {
    const msg = configError({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL');
    assert.match(msg, /verbose/, 'a non-secret value is shown');
  });

  test('bad booleans and other enums throw naming the variable', () => {
    configError({ DOCS: 'maybe' }, 'DOCS');
    configError({ NODE_ENV: 'staging' }, 'NODE_ENV');
    configError({ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES');
    configError({ RATE_LIMIT_USER_MAX: '0' }, 'RATE_LIMIT_USER_MAX');
    configError({ RATE_LIMIT_SCALE: '0' }, 'RATE_LIMIT_SCALE');
    configError({ RATE_LIMIT_LOGIN_FAILURES_PER_IP: '10' }, 'RATE_LIMIT_LOGIN_FAILURES_PER_IP');
    configError({ RATE_LIMIT_SIGNUPS_PER_IP: '0/60' }, 'RATE_LIMIT_SIGNUPS_PER_IP');
  });

  test('DATABASE_URL and REDIS_URL need their scheme, and the URL (with its password) is not echoed', () => {
    const msg = configError({ DATABASE_URL: 'mysql://admin:hunter2-db-pass@db.example:3306/app' }, 'DATABASE_URL');
    assert.ok(!msg.includes('hunter2-db-pass'), msg);
    assert.ok(!msg.includes('db.example'), msg);
    const r = configError({ REDIS_URL: 'http://:redis-pass-xyz@cache:6379' }, 'REDIS_URL');
    assert.ok(!r.includes('redis-pass-xyz'), r);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u:p@h/db' }).databaseUrl, 'postgres://u:p@h/db');
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p@h/db' }).databaseUrl, 'postgresql://u:p@h/db');
    configError({ SMTP_URL: 'mail.example:25' }, 'SMTP_URL');
  });

  test('NODE_ENV=production needs a JWT_SECRET of at least 32 characters, without echoing it', () => {
    configError({ NODE_ENV: 'production' }, 'JWT_SECRET');
    const short = 'short-secret-abc123';
    const msg = configError({ NODE_ENV: 'production', JWT_SECRET: short }, 'JWT_SECRET');
    assert.ok(!msg.includes(short), msg);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, MAIL_CONSOLE: 'true' });
    assert.equal(c.env, 'production');
    assert.equal(c.jwtSecret, STRONG);
    assert.equal(c.docs, false, 'docs are off in production by default');
    assert.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, MAIL_CONSOLE: 'true', DOCS: 'true' }).docs, true);
  });

  test('NODE_ENV=production without SMTP_URL stops start-up unless MAIL_CONSOLE=true says so', () => {
    const msg = configError({ NODE_ENV: 'production', JWT_SECRET: STRONG }, 'SMTP_URL');
    assert.match(msg, /MAIL_CONSOLE/);
    assert.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, SMTP_URL: 'smtp://mail:25' }).mail.smtpUrl, 'smtp://mail:25');
    assert.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, MAIL_CONSOLE: 'yes' }).mail.console, true);
  });

  test('a short JWT_SECRET is refused in development too, without echoing it', () => {
    const short = 'dev-secret-xyz';
    const msg = configError({ JWT_SECRET: short }, 'JWT_SECRET');
    assert.ok(!msg.includes(short), msg);
  });

  test('WEB_CONCURRENCY > 1 needs DATABASE_URL', () => {
    const msg = configError({ WEB_CONCURRENCY: '2' }, 'WEB_CONCURRENCY');
    assert.match(msg, /DATABASE_URL/);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://localhost/db' }).webConcurrency, 2);
    configError({ WEB_CONCURRENCY: '0' }, 'WEB_CONCURRENCY');
  });

  test('PRODUCTS: a comma list, deduplicated, in order; an unknown entry throws', () => {
    assert.deepEqual(loadConfig({ PRODUCTS: 'couple-compass' }).products, ['couple-compass']);
    assert.deepEqual(loadConfig({ PRODUCTS: ' project-inside , couple-compass,project-inside ' }).products, ['project-inside', 'couple-compass']);
    assert.deepEqual(loadConfig({ PRODUCTS: 'all' }).products, [...PRODUCT_SLUGS]);
    const msg = configError({ PRODUCTS: 'couple-compass,tinder' }, 'PRODUCTS');
    assert.match(msg, /tinder/);
    configError({ PRODUCTS: 'Couple-Compass' }, 'PRODUCTS');
  });

  test('per-product overrides: token lifetimes, rate limits, CORS', () => {
    const c = loadConfig({
      COUPLE_COMPASS_ACCESS_TOKEN_EXPIRE_MINUTES: '5',
      COUPLE_COMPASS_REFRESH_TOKEN_EXPIRE_DAYS: '2',
      COUPLE_COMPASS_RATE_LIMIT_USER_MAX: '7',
      RATE_LIMIT_IP_MAX: '50',
      RATE_LIMIT_WINDOW_S: '30',
      COUPLE_COMPASS_CORS_ORIGINS: 'https://app.couple.example',
    });
    const cc = product(c, 'couple-compass');
    assert.equal(cc.accessTokenTtlS, 300);
    assert.equal(cc.refreshTokenTtlS, 2 * 86_400);
    assert.deepEqual(cc.rateLimit, { userMax: 7, ipMax: 50, windowS: 30, handshakeMax: 60 });
    assert.deepEqual(cc.corsOrigins, ['https://app.couple.example']);
    // Other products keep their defaults and the global limits.
    const pi = product(c, 'project-inside');
    assert.equal(pi.accessTokenTtlS, 15 * 60);
    assert.deepEqual(pi.rateLimit, { userMax: 600, ipMax: 50, windowS: 30, handshakeMax: 60 });
    const bad = (env: Record<string, string>, variable: string) =>
      assert.throws(
        () => product(loadConfig(env), 'couple-compass'),
        (e) => e instanceof ConfigError && new RegExp(`\\b${variable}\\b`).test(e.message),
      );
    bad({ COUPLE_COMPASS_ACCESS_TOKEN_EXPIRE_MINUTES: '0' }, 'COUPLE_COMPASS_ACCESS_TOKEN_EXPIRE_MINUTES');
    bad({ COUPLE_COMPASS_RATE_LIMIT_IP_MAX: 'lots' }, 'COUPLE_COMPASS_RATE_LIMIT_IP_MAX');
    bad({ COUPLE_COMPASS_CORS_ORIGINS: 'ftp://files.example' }, 'COUPLE_COMPASS_CORS_ORIGINS');
  });

  test('RATE_LIMIT_SCALE multiplies every limit: general, strict, sockets, product settings of limits', () => {
    const c = loadConfig({ RATE_LIMIT_SCALE: '10', RATE_LIMIT_LOGIN_FAILURES_PER_IP: '7/60' });
    assert.deepEqual(c.rateLimit, { userMax: 6000, ipMax: 6000, windowS: 60, scale: 10, handshakeMax: 600 });
    assert.deepEqual(c.limits.LOGIN_FAILURES_PER_IP, { max: 70, windowS: 60 });
    assert.equal(c.sockets.perUserMax, 200);
    const cc = product(c, 'couple-compass');
    assert.equal(cc.limits.LOGIN_FAILURES_PER_IP!.max, 70);
  });

  test("a product's own settings: defaults from its schema, overrides checked and named", () => {
    const pi = product(loadConfig({ PROJECT_INSIDE_NUDGE_RATE_LIMIT_SECONDS: '4.5' }), 'project-inside');
    assert.equal((pi.settings as Record<string, unknown>).NUDGE_RATE_LIMIT_SECONDS, 4.5);
    assert.equal((pi.settings as Record<string, unknown>).WEBSOCKET_TIMEOUT, 60);
    assert.throws(
      () => product(loadConfig({ PROJECT_INSIDE_OVERLAP_RATIO_THRESHOLD: '2' }), 'project-inside'),
      (e) => e instanceof ConfigError && /PROJECT_INSIDE_OVERLAP_RATIO_THRESHOLD/.test(e.message),
    );
    const m = modules.get('project-inside') as ProductModule;
    assert.ok(m.settings, 'project-inside declares its settings on its module');
  });

  test('a bad CORS origin pattern stops start-up naming its variable', () => {
    const msg = configError({ CORS_ORIGINS: 'https://ok.example,localhost:3000' }, 'CORS_ORIGINS');
    assert.match(msg, /localhost:3000/);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'http://192.168.*.*:*,*' }).corsOrigins, ['http://192.168.*.*:*', '*']);
  });

  test('secrets are never echoed in error messages', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ DATABASE_URL: 'file://secret-db-password-1' }, 'DATABASE_URL', 'secret-db-password-1'],
      [{ SMTP_URL: 'http://user:smtp-secret-2@mail' }, 'SMTP_URL', 'smtp-secret-2'],
      [{ REDIS_URL: 'tcp://redis-secret-3' }, 'REDIS_URL', 'redis-secret-3'],
      [{ JWT_SECRET: 'jwt-secret-4' }, 'JWT_SECRET', 'jwt-secret-4'],
      [{ NODE_ENV: 'production', JWT_SECRET: 'jwt-secret-5' }, 'JWT_SECRET', 'jwt-secret-5'],
      [{ FIRST_SUPERUSER_PASSWORD: 'admin-pass-6' }, 'FIRST_SUPERUSER', 'admin-pass-6'],
    ];
    for (const [env, variable, secret] of cases) {
      const msg = configError(env, variable);
      assert.ok(!msg.includes(secret), `${variable}: ${msg}`);
    }
  });
});
