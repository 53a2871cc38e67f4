/**
 * LogQL for the structured (pino JSON) logs of the platform, simulator and sidecar as the log
 * shipper labels them: stream labels `job="switchyard"`, `service`, `level`; everything else
 * (tenant_id, jobId, msg) is parsed from the JSON line. Levels appear both as pino numbers
 * (simulator: 30, 50) and as names (sidecar: "info", "error"), so a level filter matches both.
 */
import { quoteString, QueryInputError, selector, type Matcher } from './escape';
import { scopeMatcher, type LabelValue } from './scope';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const PINO_NUMBER: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface LogOptions {
  /** Only lines at this level or above. */
  minLevel?: LogLevel;
  /** Service stream label (`gateway`, `simulator`, `switchyard-sidecar`, …). */
  service?: LabelValue;
  /** A literal substring the line must contain. */
  contains?: string;
}

const STREAM: Matcher = { label: 'job', op: '=', value: 'switchyard' };

/** `level=~"(?i)^(warn|40|error|50|fatal|60)$"`: the level and every level above it, by name or number. */
export function levelFilter(minLevel: LogLevel): string {
  const from = LOG_LEVELS.indexOf(minLevel);
  if (from < 0) throw new QueryInputError(`unknown log level "${String(minLevel)}"`, 'minLevel');
  const alts = LOG_LEVELS.slice(from).flatMap((l) => [l, String(PINO_NUMBER[l])]);
  return `level=~${quoteString(`(?i)^(${alts.join('|')})$`)}`;
}

function build(field: Matcher, opts: LogOptions): string {
  const stream = [STREAM, ...(opts.service !== undefined ? [scopeMatcher('service', opts.service)] : [])];
  const parts = [selector(stream)];
  if (opts.contains) parts.push(`|= ${quoteString(opts.contains)}`);
  parts.push('| json');
  parts.push(`| ${field.label}${field.op}${quoteString(field.value)}`);
  if (opts.minLevel) parts.push(`| ${levelFilter(opts.minLevel)}`);
  return parts.join(' ');
}

/** A tenant's log lines (tenant_id parsed from the JSON line). */
export function tenantLogs(tenant: LabelValue, opts: LogOptions = {}): string {
  return build(scopeMatcher('tenant_id', tenant), opts);
}

/** The log lines of one or more shards (`shard` parsed from the JSON line; a shard is its deployment). */
export function shardLogs(shards: LabelValue, opts: LogOptions = {}): string {
  return build(scopeMatcher('shard', shards), opts);
}

/** The log lines of one job (the sidecar logs `jobId` on every job event). */
export function jobLogs(jobId: string, opts: LogOptions = {}): string {
  if (!jobId) throw new QueryInputError('job id is required', 'jobId');
  return build({ label: 'jobId', op: '=', value: jobId }, opts);
}

/** Log lines per second at or above a level for a tenant, by service (for a log-volume panel). */
export function tenantLogRate(tenant: LabelValue, window = '$__interval', opts: LogOptions = {}): string {
  if (!/^(\d+(ms|s|m|h|d|w|y))+$|^\$(__interval|__rate_interval|__auto)$/.test(window))
    throw new QueryInputError(`"${window}" is not a duration or an interval variable`, 'window');
  return `sum by (service) (count_over_time(${tenantLogs(tenant, opts)} [${window}]))`;
}
