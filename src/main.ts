// quintet CLI: serve (default) | worker | migrate | seed | privacy | --help
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, describeVars, productConfig, type Config, type ProductSlug } from './config.js';
import { createLogger } from './core/http/server.js';
import { createRuntime, databaseTarget, type Runtime } from './core/runtime.js';
import { openDatabase } from './core/db/connect.js';
import { runMigrations } from './core/db/migrate.js';
import { DataDirLockedError } from './core/db/lock.js';
import { buildApp, productContext, seedProducts, setupProduct, type BuiltApp } from './app.js';
import { PRODUCT_SLUGS, isProductSlug, loadProducts } from './products/index.js';
import type { ProductModule } from './core/product.js';
import type { Logger } from 'pino';

const USAGE = `quintet — one backend for five apps

Usage: quintet [command] [options]

Commands:
  serve     HTTP API for the selected products, with in-process job workers (default)
  worker    job workers only (run beside API processes started with JOB_WORKERS=false)
  migrate   apply database migrations and exit
  seed      load the products' seed content (catalogues, quizzes, lessons) and exit
  privacy export --product <slug> --email <address>   print everything a product holds about a user (JSON)
  privacy erase  --product <slug> --email <address>   delete that user's data and account in that product
  --help    this text (\`quintet <command> --help\` for one command)

Products: ${PRODUCT_SLUGS.join(', ')}
`;

const COMMAND_HELP: Record<string, string> = {
  serve: 'quintet serve: serves the products selected by PRODUCTS on HOST:PORT (see `quintet --help` for variables).\n',
  worker: 'quintet worker: runs the job workers of the selected products, no HTTP. API processes then use JOB_WORKERS=false.\n',
  migrate: 'quintet migrate: applies every committed migration (core, then each product folder) and exits.\n',
  seed: 'quintet seed: loads the seed content of the selected products (idempotent: run it again to update) and exits.\n',
  privacy:
    'quintet privacy export|erase --product <slug> --email <address>\n' +
    '  export: prints the account and everything the product stores about it, as JSON, on stdout.\n' +
    '  erase:  deletes that data and the account (sessions end, open sockets close, the e-mail is free again).\n',
};

async function fullHelp(): Promise<string> {
  return `${USAGE}\nConfiguration is read from environment variables:\n\n${describeVars(await loadProducts(PRODUCT_SLUGS))}\n`;
}

/**
 * SIGTERM / SIGINT: the first starts the drain; a second one (a terminal's Ctrl-C reaches npm and the server a
 * few ms apart) is ignored so the drain finishes and the lock is released; a third forces exit.
 */
function onSignals(log: Logger, handler: (signal: string) => void): void {
  let count = 0;
  const on = (signal: string) => {
    count++;
    if (count === 1) handler(signal);
    else if (count === 2) log.warn({ signal }, 'still shutting down; send the signal once more to force exit');
    else {
      log.error({ signal }, 'forced exit');
      process.exit(1);
    }
  };
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => on(s));
}

/** Runs `close`, exiting 0 when it finishes and 1 when it overruns the shutdown limit. */
function shutdownWith(log: Logger, config: Config, close: () => Promise<void>) {
  return (signal: string) => {
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

/** The selected products' modules, with every product setting checked (a bad one stops start-up, named). */
async function selectedModules(config: Config): Promise<ProductModule[]> {
  const modules = await loadProducts(config.products);
  for (const m of modules) productConfig(m, config);
  return modules;
}

async function serve(config: Config, log: Logger): Promise<void> {
  await selectedModules(config);
  if (config.webConcurrency > 1 && cluster.isPrimary) return servePrimary(config, log);
  const t0 = Date.now();
  log.info({ database: config.databaseUrl ? 'postgres' : `embedded (${config.dataDir})` }, 'opening the database and applying migrations');
  const runtime = await createRuntime(config, log);
  // Signals may arrive while the app is still being built; close whatever exists by then.
  const state: { built?: BuiltApp } = {};
  onSignals(
    log,
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
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const single = built.modules.length === 1;
  const docs = config.docs ? built.modules.map((m) => `${base}${single ? '' : `/${m.slug}`}/docs`) : [];
  log.info(
    {
      startupMs: Date.now() - t0,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
      products: built.modules.map((m) => m.slug),
      database: runtime.db.kind,
      docs,
    },
    `quintet listening on ${base}`,
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
  onSignals(log, (signal) => {
    stopping = true;
    log.info({ signal }, 'stopping workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  log.info({ workers: config.webConcurrency }, 'cluster primary started');
}

async function worker(config: Config, log: Logger): Promise<void> {
  const modules = await selectedModules(config);
  const runtime: Runtime = await createRuntime(config, log);
  onSignals(
    log,
    shutdownWith(log, config, () => runtime.close()),
  );
  for (const m of modules) setupProduct(m, productContext(runtime, m));
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
  await selectedModules(config);
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

async function privacy(config: Config, log: Logger, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { product: { type: 'string' }, email: { type: 'string' } }, allowPositionals: true });
  const action = positionals[0];
  if ((action !== 'export' && action !== 'erase') || !values.product || !values.email) throw new UsageError(COMMAND_HELP.privacy!);
  if (!isProductSlug(values.product)) throw new UsageError(`unknown product "${values.product}" (known: ${PRODUCT_SLUGS.join(', ')})\n`);
  const slug: ProductSlug = values.product;
  const runtime = await createRuntime({ ...config, products: [slug] }, log);
  try {
    const built = await buildApp(runtime, [slug]);
    const ctx = built.contexts.get(slug)!;
    const user = await ctx.identity.findUserByEmail(slug, values.email);
    if (!user) throw new UsageError(`no ${slug} account with that e-mail\n`);
    if (action === 'export') process.stdout.write(`${JSON.stringify(await ctx.accounts.exportData(user.id), null, 2)}\n`);
    else {
      await ctx.accounts.erase(user.id);
      log.info({ product: slug, userId: user.id }, 'account erased');
    }
    await built.app.close();
  } finally {
    await runtime.close();
  }
}

class UsageError extends Error {
  override name = 'UsageError';
}

export async function main(argv: string[]): Promise<void> {
  const cmd = argv[0] ?? 'serve';
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(await fullHelp());
    return;
  }
  const commands: Record<string, (c: Config, l: Logger, args: string[]) => Promise<void>> = { serve, worker, migrate, seed, privacy };
  const run = commands[cmd];
  if (!run) {
    process.stderr.write(`quintet: unknown command "${cmd}"\n\n${USAGE}`);
    process.exit(2);
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(COMMAND_HELP[cmd]!);
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
  const log = createLogger({ level: config.logLevel, pretty: config.env !== 'production' && process.stdout.isTTY === true });
  try {
    await run(config, log, argv.slice(1));
    if (cmd === 'migrate' || cmd === 'seed' || cmd === 'privacy') process.exit(0);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`quintet: configuration error: ${e.message}\n`);
      process.exit(2);
    }
    if (e instanceof UsageError) {
      process.stderr.write(`quintet: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof DataDirLockedError) {
      process.stderr.write(`quintet: ${e.message}\n`);
      process.exit(3);
    }
    log.fatal({ err: e }, `${cmd} failed`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
