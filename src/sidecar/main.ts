/** Starts the sidecar: config (once) → buildApp → listen; graceful shutdown on SIGTERM/SIGINT. */
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './kernel/config/config';
import { createLogger } from './kernel/logger';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`switchyard-sidecar: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, { logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  logger.info({ store: config.store.kind, host: config.host, port: config.port }, 'switchyard sidecar listening');
}

main().catch((err: Error) => {
  // Start-up failures (store unreachable, migration failure) exit non-zero with a one-line reason.
  process.stderr.write(`switchyard-sidecar: failed to start: ${err.message}\n`);
  process.exit(1);
});
