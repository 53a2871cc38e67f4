/**
 * Canary health gate: the canary's 5xx ratio and p95 latency over the gate window, against absolute
 * thresholds and against the pre-deploy baseline × factor. Fails closed: missing data or too few
 * canary requests is a failure, never a pass.
 */
import type { CanaryGate, GateCheck, GateEvaluation, TrafficSample } from '../../contract';

/**
 * Below this 5xx ratio the relative comparison is sampling noise (a baseline of 0.1 % × 2 would fail
 * a canary on two errors), so the relative 5xx limit never goes below it.
 */
export const RELATIVE_5XX_FLOOR = 0.01;

/**
 * Errors a small window may hold by chance: the relative 5xx limit never goes below this many errors
 * in the canary's sample (one error in 85 requests is 1.18 %, not a regression). The absolute
 * maximum still applies, so a bad build fails whatever the sample size.
 */
export const NOISE_5XX_ERRORS = 2;

export interface GateInput {
  canary: TrafficSample;
  baseline: TrafficSample;
  gate: CanaryGate;
  stepIndex: number;
  weightPercent: number;
  now: Date;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const ms = (v: number) => `${Math.round(v)} ms`;

function limitOf(absolute: number, baseline: number | null, factor: number, floor: number) {
  if (baseline === null) return { limit: absolute, basis: `max ${absolute}` };
  const relative = Math.max(baseline * factor, floor);
  return relative < absolute
    ? { limit: relative, basis: `baseline × ${factor}` }
    : { limit: absolute, basis: 'absolute maximum' };
}

export function evaluateGate(input: GateInput): GateEvaluation {
  const { canary, baseline, gate } = input;
  const baselineUsable = baseline.requests >= gate.minRequests;
  const checks: GateCheck[] = [];

  const enough = canary.requests >= gate.minRequests;
  checks.push({
    name: 'sample_size',
    passed: enough,
    measured: canary.requests,
    limit: gate.minRequests,
    message: enough
      ? `${canary.requests} canary requests in ${gate.windowSeconds} s`
      : `only ${canary.requests} canary requests in ${gate.windowSeconds} s (at least ${gate.minRequests} needed to decide)`,
  });

  const e = limitOf(
    gate.max5xxRatio,
    baselineUsable ? baseline.errorRatio5xx : null,
    gate.baselineFactor,
    Math.max(RELATIVE_5XX_FLOOR, canary.requests > 0 ? NOISE_5XX_ERRORS / canary.requests : 0)
  );
  const e5 = canary.errorRatio5xx;
  checks.push({
    name: '5xx_ratio',
    passed: e5 !== null && e5 <= e.limit,
    measured: e5,
    limit: e.limit,
    message:
      e5 === null
        ? 'canary 5xx ratio unknown (no data in the window)'
        : `canary 5xx ratio ${pct(e5)} ${e5 <= e.limit ? 'within' : 'exceeds'} the limit ${pct(e.limit)} (${e.basis}; baseline ${baseline.errorRatio5xx === null ? 'unknown' : pct(baseline.errorRatio5xx)})`,
  });

  const l = limitOf(gate.maxP95Ms, baselineUsable ? baseline.p95Ms : null, gate.baselineFactor, 0);
  const p95 = canary.p95Ms;
  checks.push({
    name: 'p95_latency',
    passed: p95 !== null && p95 <= l.limit,
    measured: p95,
    limit: l.limit,
    message:
      p95 === null
        ? 'canary p95 latency unknown (no data in the window)'
        : `canary p95 ${ms(p95)} ${p95 <= l.limit ? 'within' : 'exceeds'} the limit ${ms(l.limit)} (${l.basis}; baseline ${baseline.p95Ms === null ? 'unknown' : ms(baseline.p95Ms)})`,
  });

  const failed = checks.filter((c) => !c.passed);
  return {
    passed: failed.length === 0,
    reason:
      failed.length === 0
        ? `Gate passed at ${input.weightPercent}%: ${checks.map((c) => c.message).join('; ')}`
        : `Gate failed at ${input.weightPercent}%: ${failed.map((c) => c.message).join('; ')}`,
    canary,
    baseline,
    thresholds: gate,
    checks,
    stepIndex: input.stepIndex,
    weightPercent: input.weightPercent,
    evaluatedAt: input.now.toISOString(),
  };
}
