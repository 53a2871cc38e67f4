import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CanaryGateSchema, GateEvaluationSchema, type TrafficSample } from '../../contract';
import { RELATIVE_5XX_FLOOR, evaluateGate } from './gate';

const gate = CanaryGateSchema.parse({ max5xxRatio: 0.05, maxP95Ms: 800, baselineFactor: 2, windowSeconds: 60 });
const now = new Date('2030-06-01T12:00:00.000Z');
const baseline: TrafficSample = { requests: 5000, errorRatio5xx: 0.004, p95Ms: 120 };
const run = (canary: TrafficSample, b: TrafficSample = baseline) =>
  evaluateGate({ canary, baseline: b, gate, stepIndex: 0, weightPercent: 33.3, now });

describe('canary gate', () => {
  test('a healthy canary passes with the measured values and limits shown', () => {
    const r = run({ requests: 900, errorRatio5xx: 0.005, p95Ms: 130 });
    GateEvaluationSchema.parse(r);
    assert.equal(r.passed, true);
    assert.equal(r.evaluatedAt, '2030-06-01T12:00:00.000Z');
    const e5 = r.checks.find((c) => c.name === '5xx_ratio')!;
    assert.equal(e5.measured, 0.005);
    assert.equal(e5.limit, RELATIVE_5XX_FLOOR, 'baseline 0.4% × 2 is below the noise floor');
    assert.equal(r.checks.find((c) => c.name === 'p95_latency')!.limit, 240);
    assert.match(r.reason, /^Gate passed at 33.3%/);
  });

  test('a bad image fails on 5xx and latency, and the reason says measured vs limit', () => {
    const r = run({ requests: 900, errorRatio5xx: 0.25, p95Ms: 700 });
    assert.equal(r.passed, false);
    assert.deepEqual(
      r.checks.filter((c) => !c.passed).map((c) => c.name),
      ['5xx_ratio', 'p95_latency']
    );
    assert.match(r.reason, /canary 5xx ratio 25.00% exceeds the limit 1.00%/);
    assert.match(r.reason, /canary p95 700 ms exceeds the limit 240 ms \(baseline × 2; baseline 120 ms\)/);
  });

  test('a small window tolerates two errors by chance; the absolute maximum still fails a bad build', () => {
    const clean = { requests: 5000, errorRatio5xx: 0, p95Ms: 120 };
    const oneError = run({ requests: 85, errorRatio5xx: 1 / 85, p95Ms: 130 }, clean);
    assert.equal(oneError.passed, true, oneError.reason);
    assert.equal(oneError.checks.find((c) => c.name === '5xx_ratio')!.limit, 2 / 85);
    const threeErrors = run({ requests: 85, errorRatio5xx: 3 / 85, p95Ms: 130 }, clean);
    assert.equal(threeErrors.passed, false);
    const bad = run({ requests: 30, errorRatio5xx: 0.2, p95Ms: 130 }, clean);
    assert.equal(bad.checks.find((c) => c.name === '5xx_ratio')!.limit, 0.05, 'capped by the absolute maximum');
    assert.equal(bad.passed, false);
  });

  test('the absolute maximum caps a poor baseline', () => {
    const r = run(
      { requests: 900, errorRatio5xx: 0.06, p95Ms: 900 },
      { requests: 5000, errorRatio5xx: 0.04, p95Ms: 600 }
    );
    assert.equal(r.checks.find((c) => c.name === '5xx_ratio')!.limit, 0.05);
    assert.equal(r.checks.find((c) => c.name === 'p95_latency')!.limit, 800);
    assert.equal(r.passed, false);
  });

  test('fails closed: no data, too few requests; an unusable baseline falls back to the absolute limits', () => {
    assert.equal(run({ requests: 900, errorRatio5xx: null, p95Ms: 100 }).passed, false);
    assert.equal(run({ requests: 900, errorRatio5xx: 0, p95Ms: null }).passed, false);
    const few = run({ requests: 5, errorRatio5xx: 0, p95Ms: 100 });
    assert.equal(few.passed, false);
    assert.match(few.reason, /only 5 canary requests/);
    const noBase = run(
      { requests: 900, errorRatio5xx: 0.03, p95Ms: 700 },
      { requests: 0, errorRatio5xx: null, p95Ms: null }
    );
    assert.equal(noBase.passed, true);
    assert.equal(noBase.checks.find((c) => c.name === 'p95_latency')!.limit, 800);
  });

  test('property: passing means every measured value is within its limit and the limit never exceeds the absolute one', () => {
    const sample = fc.record({
      requests: fc.nat(10_000),
      errorRatio5xx: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      p95Ms: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: null }),
    });
    fc.assert(
      fc.property(sample, sample, (canary, base) => {
        const r = run(canary, base);
        for (const c of r.checks)
          if (c.name !== 'sample_size') assert.ok(c.limit! <= (c.name === '5xx_ratio' ? 0.05 : 800));
        if (r.passed) {
          assert.ok(canary.errorRatio5xx! <= 0.05 && canary.p95Ms! <= 800 && canary.requests >= gate.minRequests);
        }
      })
    );
  });
});
