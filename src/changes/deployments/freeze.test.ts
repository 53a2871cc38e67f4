import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Freeze } from '../../contract';
import { activeFreezes, freezeCheck } from './freeze';

const t0 = Date.parse('2030-03-10T09:00:00.000Z');
const iso = (min: number) => new Date(t0 + min * 60_000).toISOString();
const freeze = (
  id: string,
  scope: Freeze['scope'],
  from: number,
  to: number,
  lifted: number | null = null
): Freeze => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  scope,
  reason: `release window ${id}`,
  createdBy: 'alice',
  createdAt: iso(from),
  expiresAt: iso(to),
  liftedAt: lifted === null ? null : iso(lifted),
});

describe('deploy freeze', () => {
  const all = [freeze('1', 'prod', 0, 60), freeze('2', 'global', 30, 40), freeze('3', 'staging', 0, 600, 10)];

  test('scope: a prod freeze does not block staging; a global one blocks every environment', () => {
    const at = new Date(t0 + 35 * 60_000);
    assert.deepEqual(
      activeFreezes(all, 'prod', at).map((f) => f.scope),
      ['prod', 'global']
    );
    assert.deepEqual(
      activeFreezes(all, 'dev', at).map((f) => f.scope),
      ['global']
    );
    assert.deepEqual(
      activeFreezes(all, 'staging', at).map((f) => f.scope),
      ['global'],
      'the staging freeze was lifted'
    );
  });

  test('expiry and start are honoured against the injected clock', () => {
    assert.equal(activeFreezes(all, 'prod', new Date(t0 + 60 * 60_000)).length, 0, 'expired at expiresAt');
    assert.equal(activeFreezes(all, 'prod', new Date(t0 - 1)).length, 0, 'not yet created');
    assert.equal(activeFreezes(all, 'staging', new Date(t0 + 5 * 60_000)).length, 1, 'before it was lifted');
  });

  test('the preflight check says why and until when', () => {
    const c = freezeCheck(all, 'prod', new Date(t0 + 5 * 60_000));
    assert.equal(c.ok, false);
    assert.equal(c.message, 'Deploys to prod are frozen until 2030-03-10T10:00:00.000Z by alice: release window 1');
    assert.equal(freezeCheck(all, 'dev', new Date(t0 + 5 * 60_000)).ok, true);
  });
});
