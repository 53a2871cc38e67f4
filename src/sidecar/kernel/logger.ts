/** pino JSON logger. Secret-bearing headers are redacted wherever they might appear; request URLs never appear raw. */
import pino, { type Logger } from 'pino';
import { GRAFANA_ID_HEADER, PROXY_SECRET_HEADER } from '../../contract';
import { serializeRequest } from './hardening';

export const REDACT_PATHS = [
  `req.headers["${PROXY_SECRET_HEADER}"]`,
  `req.headers["${GRAFANA_ID_HEADER}"]`,
  'req.headers.authorization',
  'req.headers.cookie',
  `headers["${PROXY_SECRET_HEADER}"]`,
  `headers["${GRAFANA_ID_HEADER}"]`,
  'proxySecret',
  '*.proxySecret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchyard-sidecar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Requests are logged by route template with an allow-listed query, never the raw URL.
      serializers: { req: serializeRequest, err: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination
  );
}
