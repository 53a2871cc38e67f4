/**
 * Rebalance planner: a pure function from (shards, assignments with load, target utilization) to
 * the moves that bring every shard under `target × capacity`, using as few moves as it can.
 *
 * Rules: a tenant moves only between shards of the same pool (same service kind and `env` label);
 * only `ready` shards receive tenants (never cordoned, draining or down ones); shards of any status
 * may shed load.
 *
 * Method, per pool: the most overloaded shard sheds first. To cover its excess it takes, among the
 * tenants that fit somewhere, the smallest single tenant that covers what is left, otherwise the
 * largest one that fits — which reaches the fewest moves a shard can shed with (the lower bound
 * below) whenever the receivers have room. Each moved tenant goes to the receiver with the most
 * headroom (a max-heap), which also keeps receivers level.
 */
import type { ServiceKind, ShardStatus } from '../../../contract';

export interface PlannerShard {
  id: string;
  kind: ServiceKind;
  status: ShardStatus;
  capacity: number;
  labels?: Record<string, string>;
}

export interface PlannerTenant {
  tenantId: string;
  kind: ServiceKind;
  shardId: string;
  load: number;
}

export interface PlannerInput {
  target: number;
  shards: PlannerShard[];
  tenants: PlannerTenant[];
  maxMoves?: number;
}

export interface Move {
  tenantId: string;
  kind: ServiceKind;
  from: string;
  to: string;
  load: number;
}

export interface ShardOutcome {
  shardId: string;
  kind: ServiceKind;
  status: ShardStatus;
  capacity: number;
  before: number;
  after: number;
}

export interface Plan {
  target: number;
  feasible: boolean;
  moves: Move[];
  shards: ShardOutcome[];
  unresolved: string[];
  lowerBound: number;
  truncated: boolean;
}

export const poolOf = (s: { kind: ServiceKind; labels?: Record<string, string> }): string =>
  `${s.kind}/${s.labels?.env ?? '*'}`;

/** Floating-point slack so a shard exactly at its limit counts as under it. */
const EPS = 1e-9;

class MaxHeap<T> {
  private items: T[] = [];
  constructor(private readonly key: (t: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(t: T): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key(a[p]) >= this.key(a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]) > this.key(a[m])) m = l;
        if (r < a.length && this.key(a[r]) > this.key(a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

interface Node {
  shard: PlannerShard;
  limit: number;
  load: number;
  /** Tenants on the shard, ascending by load. */
  tenants: PlannerTenant[];
}

/** Fewest tenants a shard must shed (largest first) to get under its limit; Infinity if it cannot. */
export function minShed(loadsDesc: number[], excess: number): number {
  let sum = 0;
  for (let i = 0; i < loadsDesc.length; i++) {
    if (sum >= excess - EPS) return i;
    sum += loadsDesc[i];
  }
  return sum >= excess - EPS ? loadsDesc.length : Infinity;
}

export function plan(input: PlannerInput): Plan {
  const { target } = input;
  const maxMoves = input.maxMoves ?? Infinity;
  const nodes = new Map<string, Node>();
  for (const s of input.shards) nodes.set(s.id, { shard: s, limit: target * s.capacity, load: 0, tenants: [] });
  for (const t of input.tenants) {
    const n = nodes.get(t.shardId);
    if (!n || n.shard.kind !== t.kind) continue;
    n.load += t.load;
    n.tenants.push(t);
  }
  const before = new Map([...nodes].map(([id, n]) => [id, n.load]));
  const pools = new Map<string, Node[]>();
  for (const n of nodes.values()) {
    const key = poolOf(n.shard);
    pools.set(key, [...(pools.get(key) ?? []), n]);
  }

  const moves: Move[] = [];
  let lowerBound = 0;
  let truncated = false;
  for (const members of [...pools.keys()].sort().map((k) => pools.get(k)!)) {
    const over = members
      .filter((n) => n.load > n.limit + EPS)
      .sort((a, b) => b.load - b.limit - (a.load - a.limit) || (a.shard.id < b.shard.id ? -1 : 1));
    if (over.length === 0) continue;
    for (const n of over) {
      n.tenants.sort((a, b) => a.load - b.load || (a.tenantId < b.tenantId ? -1 : 1));
      const need = minShed(n.tenants.map((t) => t.load).reverse(), n.load - n.limit);
      lowerBound += Number.isFinite(need) ? need : n.tenants.length;
    }
    const receivers = new MaxHeap<Node>((n) => n.limit - n.load);
    for (const n of members) if (n.shard.status === 'ready' && n.load < n.limit - EPS) receivers.push(n);
    for (const n of over) {
      while (n.load > n.limit + EPS) {
        if (moves.length >= maxMoves) {
          truncated = true;
          break;
        }
        const best = receivers.peek();
        if (!best) break;
        const room = best.limit - best.load;
        const pick = chooseTenant(n.tenants, n.load - n.limit, room);
        if (pick < 0) break;
        const [t] = n.tenants.splice(pick, 1);
        receivers.pop();
        n.load -= t.load;
        best.load += t.load;
        best.tenants.push(t);
        moves.push({ tenantId: t.tenantId, kind: t.kind, from: n.shard.id, to: best.shard.id, load: t.load });
        if (best.load < best.limit - EPS) receivers.push(best);
      }
    }
  }
  const shards: ShardOutcome[] = [...nodes.values()]
    .map((n) => ({
      shardId: n.shard.id,
      kind: n.shard.kind,
      status: n.shard.status,
      capacity: n.shard.capacity,
      before: before.get(n.shard.id) ?? 0,
      after: n.load,
    }))
    .sort((a, b) => (a.shardId < b.shardId ? -1 : 1));
  const unresolved = [...nodes.values()]
    .filter((n) => n.load > n.limit + EPS)
    .map((n) => n.shard.id)
    .sort();
  return { target, feasible: unresolved.length === 0, moves, shards, unresolved, lowerBound, truncated };
}

/**
 * Index of the tenant to move off a shard with `excess` over its limit when the roomiest receiver has
 * `room`: the smallest tenant that covers the excess alone and fits, else the largest that fits; -1 if none fits.
 * `sorted` is ascending by load.
 */
function chooseTenant(sorted: PlannerTenant[], excess: number, room: number): number {
  // Largest index whose load fits the room.
  let lo = 0;
  let hi = sorted.length - 1;
  let fit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].load <= room + EPS) {
      fit = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (fit < 0) return -1;
  // Smallest index whose load covers the excess.
  lo = 0;
  hi = fit;
  let cover = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].load >= excess - EPS) {
      cover = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return cover >= 0 ? cover : fit;
}
