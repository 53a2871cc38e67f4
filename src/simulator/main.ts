import pino from 'pino';
import { buildSimulator } from './app';
import { loadSimConfig } from './config';

/** `npm run simulator`: the demo platform on SIM_PORT (default 8790). */
async function main(): Promise<void> {
  const root = pino({ base: null, messageKey: 'msg' });
  const log = root.child({ service: 'simulator' });
  let config;
  try {
    config = loadSimConfig();
  } catch (e) {
    log.fatal({ err: (e as Error).message }, 'simulator configuration invalid');
    process.exit(2);
  }
  root.level = config.logLevel;
  const sim = buildSimulator(config, root);
  await sim.start();
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'simulator stopping');
    await sim.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
