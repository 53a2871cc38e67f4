import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffMs } from './backoff';

test('backoff grows exponentially, is capped, and jitters within [ceiling/2, ceiling]', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 60_000 }),
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      (attempt, base, extra, r) => {
        const max = base + extra;
        const ceiling = Math.min(max, base * 2 ** (attempt - 1));
        const d = backoffMs(attempt, base, max, () => r);
        assert.ok(d >= Math.floor(ceiling / 2) && d <= Math.ceil(ceiling), `${d} outside [${ceiling / 2}, ${ceiling}]`);
        assert.ok(d <= max);
      }
    )
  );
  assert.equal(
    backoffMs(1, 100, 5000, () => 0),
    50
  );
  assert.equal(
    backoffMs(4, 100, 5000, () => 0.999999),
    800
  );
  assert.equal(
    backoffMs(30, 100, 5000, () => 0.999999),
    5000
  );
});
