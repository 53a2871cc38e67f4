/** The HTTP server's section: where to listen, request limits, logging, shutdown and the clock offset. */
import { z } from 'zod';
import { bool, int, optionalSecret } from './helpers';

const YEAR_MS = 365 * 86_400_000;

export const ServerEnvShape = {
  SWITCHYARD_HOST: z.string().min(1).default('127.0.0.1'),
  SWITCHYARD_PORT: int(8787, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SWITCHYARD_BODY_LIMIT_BYTES: int(262_144, 1024, 10_485_760),
  SWITCHYARD_VALIDATE_RESPONSES: bool(false),
  SWITCHYARD_SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 300_000),
  SWITCHYARD_CLOCK_OFFSET_MS: int(0, -10 * YEAR_MS, 10 * YEAR_MS),
  /** Bearer token the metrics scraper sends to /metrics; unset → /metrics is not served. */
  SWITCHYARD_METRICS_TOKEN: optionalSecret(16),
};

type ServerEnv = z.output<z.ZodObject<typeof ServerEnvShape>>;

export interface ServerConfig {
  host: string;
  port: number;
  logLevel: ServerEnv['LOG_LEVEL'];
  bodyLimitBytes: number;
  validateResponses: boolean;
  shutdownTimeoutMs: number;
  /** Added to the system time by the kernel clock. */
  clockOffsetMs: number;
  /** Bearer token for /metrics; null → /metrics answers 404. */
  metricsToken: string | null;
}

export function toServerConfig(e: ServerEnv): ServerConfig {
  return {
    host: e.SWITCHYARD_HOST,
    port: e.SWITCHYARD_PORT,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.SWITCHYARD_BODY_LIMIT_BYTES,
    validateResponses: e.SWITCHYARD_VALIDATE_RESPONSES,
    shutdownTimeoutMs: e.SWITCHYARD_SHUTDOWN_TIMEOUT_MS,
    clockOffsetMs: e.SWITCHYARD_CLOCK_OFFSET_MS,
    metricsToken: e.SWITCHYARD_METRICS_TOKEN ?? null,
  };
}
