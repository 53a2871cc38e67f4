import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SERVICE_KINDS, SHARD_STATUSES } from '../../../contract';
import { minShed, plan, poolOf, type PlannerInput, type PlannerShard, type PlannerTenant } from './planner';

const EPS = 1e-6;

/** Random fleets: 1–4 kinds × 1–2 envs, shards of every status, tenants with skewed loads. */
const fleetArb = fc
  .record({
    shards: fc.array(
      fc.record({
        kind: fc.constantFrom(...SERVICE_KINDS),
        env: fc.constantFrom('prod', 'dev'),
        status: fc.constantFrom(...SHARD_STATUSES, 'ready', 'ready'),
        capacity: fc.integer({ min: 50, max: 500 }),
      }),
      { minLength: 1, maxLength: 12 }
    ),
    tenants: fc.array(fc.record({ shard: fc.nat(), load: fc.double({ min: 0, max: 120, noNaN: true }) }), {
      maxLength: 80,
    }),
    target: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
  })
  .map(({ shards, tenants, target }): PlannerInput => {
    const ps: PlannerShard[] = shards.map((s, i) => ({
      id: `s${i}`,
      kind: s.kind,
      status: s.status,
      capacity: s.capacity,
      labels: { env: s.env },
    }));
    const pt: PlannerTenant[] = tenants.map((t, i) => {
      const s = ps[t.shard % ps.length];
      return { tenantId: `t${i}`, kind: s.kind, shardId: s.id, load: t.load };
    });
    return { shards: ps, tenants: pt, target };
  });

describe('rebalance planner (properties)', () => {
  test('never moves a tenant to a cordoned, draining or down shard, nor across kinds or environments', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const byId = new Map(input.shards.map((s) => [s.id, s]));
        const tenant = new Map(input.tenants.map((t) => [t.tenantId, t]));
        for (const m of plan(input).moves) {
          const to = byId.get(m.to)!;
          const from = byId.get(m.from)!;
          assert.equal(to.status, 'ready', `moved ${m.tenantId} to ${to.status} shard`);
          assert.equal(to.kind, m.kind);
          assert.equal(from.kind, m.kind);
          assert.equal(poolOf(to), poolOf(from));
          assert.equal(tenant.get(m.tenantId)!.kind, m.kind);
        }
      }),
      { numRuns: 500 }
    );
  });

  test('moves are consistent: each tenant moves at most once, from where it is, and loads add up', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const p = plan(input);
        const where = new Map(input.tenants.map((t) => [t.tenantId, t.shardId]));
        const seen = new Set<string>();
        for (const m of p.moves) {
          assert.ok(!seen.has(m.tenantId));
          seen.add(m.tenantId);
          assert.equal(where.get(m.tenantId), m.from);
          where.set(m.tenantId, m.to);
        }
        const after = new Map<string, number>();
        for (const t of input.tenants)
          after.set(where.get(t.tenantId)!, (after.get(where.get(t.tenantId)!) ?? 0) + t.load);
        for (const s of p.shards) assert.ok(Math.abs(s.after - (after.get(s.shardId) ?? 0)) < EPS);
        // No receiver is pushed over the target by a move.
        for (const s of p.shards) {
          const received = p.moves.some((m) => m.to === s.shardId);
          if (received) assert.ok(s.after <= p.target * s.capacity + EPS, `${s.shardId} pushed over target`);
        }
      }),
      { numRuns: 500 }
    );
  });

  test('when every overloaded pool has room in tenant-sized pieces, every shard ends under target', () => {
    // Feasible by construction: one big empty ready receiver per pool that can take everything.
    const feasibleArb = fleetArb.map((input) => {
      const extra: PlannerShard[] = [];
      for (const pool of new Set(input.shards.map(poolOf))) {
        const [kind, env] = pool.split('/');
        const total = input.tenants
          .filter((t) => poolOf(input.shards.find((s) => s.id === t.shardId)!) === pool)
          .reduce((a, t) => a + t.load, 0);
        extra.push({
          id: `big-${pool.replace('/', '-')}`,
          kind: kind as PlannerShard['kind'],
          status: 'ready',
          capacity: Math.ceil(total / input.target) + 1,
          labels: { env },
        });
      }
      return { ...input, shards: [...input.shards, ...extra] };
    });
    fc.assert(
      fc.property(feasibleArb, (input) => {
        const p = plan(input);
        assert.ok(p.feasible, `unresolved: ${p.unresolved.join(',')}`);
        for (const s of p.shards) assert.ok(s.after <= input.target * s.capacity + EPS, `${s.shardId} over`);
        assert.ok(p.moves.length >= p.lowerBound);
      }),
      { numRuns: 300 }
    );
  });

  test('already balanced fleets need no moves, and the move limit is respected', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer({ min: 0, max: 5 }), (input, limit) => {
        const p = plan({ ...input, maxMoves: limit });
        assert.ok(p.moves.length <= limit);
        if (p.lowerBound === 0) assert.equal(p.moves.length, 0);
      }),
      { numRuns: 300 }
    );
  });
});

describe('rebalance planner (examples)', () => {
  test('sheds the single smallest tenant that covers the excess, to the roomiest ready shard', () => {
    const p = plan({
      target: 0.8,
      shards: [
        { id: 'a', kind: 'gateway', status: 'ready', capacity: 100 },
        { id: 'b', kind: 'gateway', status: 'ready', capacity: 100 },
        { id: 'c', kind: 'gateway', status: 'cordoned', capacity: 100 },
        { id: 'r', kind: 'runner', status: 'ready', capacity: 100 },
      ],
      tenants: [
        { tenantId: 'x1', kind: 'gateway', shardId: 'a', load: 50 },
        { tenantId: 'x2', kind: 'gateway', shardId: 'a', load: 25 },
        { tenantId: 'x3', kind: 'gateway', shardId: 'a', load: 20 },
        { tenantId: 'y1', kind: 'gateway', shardId: 'b', load: 10 },
      ],
    });
    // a is at 95, limit 80: excess 15 → x3 (20) is the smallest that covers it; c is cordoned, r is another kind.
    assert.deepEqual(p.moves, [{ tenantId: 'x3', kind: 'gateway', from: 'a', to: 'b', load: 20 }]);
    assert.equal(p.lowerBound, 1);
    assert.ok(p.feasible);
    assert.deepEqual(
      p.shards.find((s) => s.shardId === 'a'),
      { shardId: 'a', kind: 'gateway', status: 'ready', capacity: 100, before: 95, after: 75 }
    );
  });

  test('reports shards it cannot fix when there is no room', () => {
    const p = plan({
      target: 0.5,
      shards: [
        { id: 'a', kind: 'aggregate', status: 'ready', capacity: 100 },
        { id: 'b', kind: 'aggregate', status: 'down', capacity: 100 },
      ],
      tenants: [{ tenantId: 'x', kind: 'aggregate', shardId: 'a', load: 90 }],
    });
    assert.equal(p.feasible, false);
    assert.deepEqual(p.unresolved, ['a']);
    assert.deepEqual(p.moves, []);
  });

  test('minShed counts the fewest largest tenants that cover an excess', () => {
    assert.equal(minShed([50, 30, 10], 0), 0);
    assert.equal(minShed([50, 30, 10], 60), 2);
    assert.equal(minShed([50, 30, 10], 90), 3);
    assert.equal(minShed([50, 30, 10], 91), Infinity);
  });
});
