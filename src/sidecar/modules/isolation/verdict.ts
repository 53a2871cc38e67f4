/**
 * The verdict rule: any violation → `violation`; else any unknown critical check → `unknown`;
 * else any warning (or an unknown triage check) → `warning`; else `isolated`. No report at all
 * (fetch error, timeout, not configured) → `unknown`, never `isolated`.
 */
import { resultRank, type IsolationCheck, type IsolationSummary, type IsolationVerdict } from '../../../contract';
import { CRITICAL_CHECKS } from './checks';

export function verdictOf(checks: readonly IsolationCheck[]): IsolationVerdict {
  if (checks.length === 0) return 'unknown';
  if (checks.some((c) => c.result === 'violation')) return 'violation';
  if (checks.some((c) => c.result === 'unknown' && CRITICAL_CHECKS.has(c.check))) return 'unknown';
  if (checks.some((c) => c.result !== 'pass')) return 'warning';
  return 'isolated';
}

/** Non-passing checks, most severe first (stable by check order otherwise). */
export function failingOf(checks: readonly IsolationCheck[]): IsolationSummary['failing'] {
  return checks
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.result !== 'pass')
    .sort((a, b) => resultRank(a.c.result) - resultRank(b.c.result) || a.i - b.i)
    .map(({ c }) => ({ check: c.check, result: c.result }));
}
