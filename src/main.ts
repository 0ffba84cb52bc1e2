/**
 * @module main — the composition root: reads the environment, builds rolegate, listens.
 */
import { createServer } from 'node:http';
import { ConfigError, loadSettings, loadVendingSettings } from './config/index.js';
import { composeRolegate, createLogger } from './compose.js';

async function main(): Promise<void> {
  let settings;
  let vending;
  try {
    settings = loadSettings(process.env);
    vending = loadVendingSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(settings.logLevel);
  const simulators = await startDevSimulators(settings.webIdentity.simulatorPort, logger);
  // On an ephemeral port (ROLEGATE_DEV_OIDC_PORT=0) the built-in providers point at the bound address.
  if (simulators && process.env['ROLEGATE_DEV_OIDC_URL'] === undefined && settings.webIdentity.simulatorUrl !== simulators.url) {
    settings = loadSettings({ ...process.env, ROLEGATE_DEV_OIDC_URL: simulators.url });
  }
  let rolegate;
  try {
    rolegate = await composeRolegate(settings, { logger, vending });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const server = rolegate.app.listen(settings.port, settings.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    logger.info({ port, publicUrl: settings.publicUrl, store: rolegate.store.kind }, `rolegate listening on port ${port}`);
  });
  // The extra listeners (IMDS / container credentials, the S3-compatible service on S3_PORT): a port
  // that cannot be bound stops the process.
  const extraServers = rolegate.listeners.map((listener) => {
    const extra = createServer(listener.app);
    extra.on('error', (error) => {
      logger.fatal({ listener: listener.name, port: listener.port, err: error.message }, `cannot listen for ${listener.name}`);
      process.exit(1);
    });
    extra.listen(listener.port, listener.host, () => {
      const address = extra.address();
      const port = typeof address === 'object' && address ? address.port : listener.port;
      logger.info({ listener: listener.name, host: listener.host, port }, `${listener.name} listening on ${listener.host}:${port}`);
    });
    return extra;
  });
  const shutdown = (signal: string) => {
    for (const extra of extraServers) extra.close();
    void simulators?.close();
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void rolegate.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * Development only: the simulated Google, corporate OIDC, Facebook and Amazon providers (src/dev-oidc)
 * on their own port (`ROLEGATE_DEV_OIDC_PORT`, default 8083; never with NODE_ENV=production). Loaded
 * lazily so production never loads them. A busy port is reported and skipped (another instance may
 * already serve them).
 */
async function startDevSimulators(port: number | undefined, logger: ReturnType<typeof createLogger>): Promise<{ readonly url: string; close(): Promise<void> } | undefined> {
  if (port === undefined) return undefined;
  try {
    const { startSimulators } = await import('./dev-oidc/index.js');
    const simulators = await startSimulators(port, '127.0.0.1');
    logger.warn({ url: simulators.url }, `DEVELOPMENT identity provider simulators listening on ${simulators.url} (mint demo tokens with POST ${simulators.url}/google/mint)`);
    return simulators;
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error), port }, 'web identity simulators not started');
    return undefined;
  }
}

await main();
