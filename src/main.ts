// quintet CLI: serve (default) | worker | migrate | seed | --help
import cluster from 'node:cluster';
import { loadConfig, ConfigError, describeVars, type Config } from './config.js';
import { createLogger } from './core/http/server.js';
import { createRuntime, databaseTarget, type Runtime } from './core/runtime.js';
import { openDatabase } from './core/db/connect.js';
import { runMigrations } from './core/db/migrate.js';
import { DataDirLockedError } from './core/db/lock.js';
import { buildApp, productContext, seedProducts, type BuiltApp } from './app.js';
import { loadProducts } from './products/index.js';
import type { Logger } from 'pino';

const HELP = `quintet — one backend for five apps

Usage: quintet [command]

Commands:
  serve     HTTP API for the selected products, with in-process job workers (default)
  worker    job workers only (run beside API processes started with JOB_WORKERS=false)
  migrate   apply database migrations and exit
  seed      load products' seed content and exit
  --help    this text

Configuration is read from environment variables:

${describeVars()}
`;

function onSignals(handler: (signal: string) => void): void {
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => handler(s));
}

/** Runs `close`, exiting 0 when it finishes and 1 when it overruns the shutdown limit. */
function shutdownWith(log: Logger, config: Config, close: () => Promise<void>) {
  let started = false;
  return (signal: string) => {
    if (started) return;
    started = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    close()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
}

async function serve(config: Config, log: Logger): Promise<void> {
  if (config.webConcurrency > 1 && cluster.isPrimary) return servePrimary(config, log);
  const t0 = Date.now();
  const runtime = await createRuntime(config, log);
  // Signals may arrive while the app is still being built; close whatever exists by then.
  const state: { built?: BuiltApp } = {};
  onSignals(
    shutdownWith(log, config, async () => {
      if (state.built) await state.built.app.close();
      await runtime.close();
    }),
  );
  const built = await buildApp(runtime);
  state.built = built;
  await seedProducts(built);
  await runtime.startJobs(config.jobs.workers);
  await built.app.listen({ host: config.host, port: config.port });
  log.info(
    { startupMs: Date.now() - t0, rssMb: Math.round(process.memoryUsage().rss / 1048576), products: built.modules.map((m) => m.slug), database: runtime.db.kind },
    `quintet listening on http://${config.host}:${config.port}`,
  );
}

/** node:cluster primary: migrate once, fork workers, forward signals, replace workers that crash. */
async function servePrimary(config: Config, log: Logger): Promise<void> {
  const db = await openDatabase(databaseTarget(config));
  await runMigrations(db, { databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
  await db.close();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.webConcurrency; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
    setTimeout(fork, 1000);
  });
  onSignals((signal) => {
    stopping = true;
    log.info({ signal }, 'stopping workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  log.info({ workers: config.webConcurrency }, 'cluster primary started');
}

async function worker(config: Config, log: Logger): Promise<void> {
  const runtime: Runtime = await createRuntime(config, log);
  onSignals(shutdownWith(log, config, () => runtime.close()));
  for (const m of await loadProducts(config.products)) m.setup?.(productContext(runtime, m));
  await runtime.startJobs(true);
  log.info('job workers running');
}

async function migrate(config: Config, log: Logger): Promise<void> {
  const db = await openDatabase(databaseTarget(config));
  try {
    await runMigrations(db, { databaseUrl: config.databaseUrl, connectTimeoutMs: config.dbConnectTimeoutMs });
    log.info({ database: db.kind }, 'migrations applied');
  } finally {
    await db.close();
  }
}

async function seed(config: Config, log: Logger): Promise<void> {
  const runtime = await createRuntime(config, log);
  try {
    const built = await buildApp(runtime);
    await seedProducts(built);
    await built.app.close();
    log.info('seed content loaded');
  } finally {
    await runtime.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const cmd = argv[0] ?? 'serve';
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`quintet: configuration error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger({ level: config.logLevel });
  const commands: Record<string, (c: Config, l: Logger) => Promise<void>> = { serve, worker, migrate, seed };
  const run = commands[cmd];
  if (!run) {
    process.stderr.write(`quintet: unknown command "${cmd}"\n\n${HELP}`);
    process.exit(2);
  }
  try {
    await run(config, log);
    if (cmd === 'migrate' || cmd === 'seed') process.exit(0);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`quintet: ${e.message}\n`);
      process.exit(3);
    }
    log.fatal({ err: e }, `${cmd} failed`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
