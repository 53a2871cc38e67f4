/**
 * Rebalance planner figures (prints, never fails on time):
 *   plan time for 10k tenants × 100 shards (goal ≤ 1 s) and 100k tenants × 500 shards,
 *   max shard utilization vs the average after the plan (goal ≤ 1.1×),
 *   moves vs the lower bound (goal ≤ 1.05×).
 * Loads are skewed (a few heavy tenants), placement is random, the target sits 5 % above the
 * average utilization so the plan must level the fleet. Run: npm run bench:planner
 */
import { performance } from 'node:perf_hooks';
import { SERVICE_KINDS } from '../src/contract';
import { plan, type PlannerShard, type PlannerTenant } from '../src/sidecar/modules/placement/planner';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fleet(tenants: number, shards: number, seed: number) {
  const r = rng(seed);
  const perKind = Math.max(1, Math.floor(shards / SERVICE_KINDS.length));
  const pt: PlannerTenant[] = [];
  const kindLoad = new Map<string, number>();
  for (let t = 0; t < tenants; t++) {
    for (const kind of SERVICE_KINDS) {
      // Pareto-ish: most tenants small, a few heavy.
      const load = Math.min(40, 0.5 * Math.pow(1 - r(), -0.9));
      // Skewed placement: low-numbered shards get more tenants.
      const i = Math.floor(Math.pow(r(), 1.4) * perKind);
      pt.push({ tenantId: `t${t}`, kind, shardId: `${kind}-${i}`, load });
      kindLoad.set(kind, (kindLoad.get(kind) ?? 0) + load);
    }
  }
  const ps: PlannerShard[] = [];
  for (const kind of SERVICE_KINDS) {
    // Sized so the fleet runs at about 60 % on average, shards differ by ±20 %.
    const base = (kindLoad.get(kind) ?? 0) / perKind / 0.6;
    for (let i = 0; i < perKind; i++) {
      const status = i % 25 === 3 ? 'cordoned' : 'ready';
      ps.push({ id: `${kind}-${i}`, kind, status, capacity: Math.round(base * (0.8 + 0.4 * r())) });
    }
  }
  // Target: 5 % above the average utilization of ready capacity.
  const total = pt.reduce((a, x) => a + x.load, 0);
  const cap = ps.filter((s) => s.status === 'ready').reduce((a, s) => a + s.capacity, 0);
  return { shards: ps, tenants: pt, target: (total / cap) * 1.05 };
}

function run(tenants: number, shards: number) {
  const input = fleet(tenants, shards, 42);
  plan(input); // warm-up
  const t0 = performance.now();
  const p = plan(input);
  const ms = performance.now() - t0;
  const ready = p.shards.filter((s) => s.status === 'ready');
  const utils = ready.map((s) => s.after / s.capacity);
  const avg = utils.reduce((a, u) => a + u, 0) / utils.length;
  const maxU = Math.max(...utils);
  const before = Math.max(...ready.map((s) => s.before / s.capacity));
  const lines = [
    `${tenants} tenants × ${shards} shards (${input.tenants.length} assignments, target ${input.target.toFixed(3)})`,
    `  plan time          ${ms.toFixed(1)} ms${tenants === 10_000 ? ` (goal ≤ 1000 ms)` : ''}`,
    `  max/avg util       ${(before / avg).toFixed(3)}× before → ${(maxU / avg).toFixed(3)}× after (goal ≤ 1.1×)`,
    `  moves / lower bnd  ${p.moves.length} / ${p.lowerBound} = ${(p.moves.length / Math.max(1, p.lowerBound)).toFixed(3)}× (goal ≤ 1.05×)`,
    `  feasible           ${p.feasible}${p.unresolved.length ? ` (unresolved ${p.unresolved.length})` : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

run(10_000, 100);
run(100_000, 500);
