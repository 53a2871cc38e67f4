/**
 * hclog-compatible JSON lines on stderr, as go-plugin's client parses them (`log_entry.go`):
 * `@level`, `@message`, `@module`, `@timestamp` in Go's `2006-01-02T15:04:05.000000Z07:00` layout
 * (exactly six fractional digits, or the line is demoted to a raw debug line), other keys as
 * key/value pairs. stdout is reserved for the handshake line. Values under keys that name secrets
 * are never written.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /secret|password|token|authorization|cookie|credential|securejson|api[-_]?key/i;
const RESERVED = new Set(['@level', '@message', '@module', '@timestamp']);

/** `2026-12-02T15:32:26.123000Z`: Go's layout with microseconds; the clock has millisecond resolution. */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return value.message;
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(
  module: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  now: () => Date = () => new Date()
): Logger {
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    const entry: Record<string, unknown> = {
      '@level': level,
      '@message': message,
      '@module': module,
      '@timestamp': hclogTimestamp(now()),
    };
    for (const [key, value] of Object.entries(fields)) {
      if (RESERVED.has(key)) continue;
      entry[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(value);
    }
    let line: string;
    try {
      line = JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      line = JSON.stringify({
        '@level': level,
        '@message': message,
        '@module': module,
        '@timestamp': entry['@timestamp'],
      });
    }
    write(line + '\n');
  };
  return {
    log,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
