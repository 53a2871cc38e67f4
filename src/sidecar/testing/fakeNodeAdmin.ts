/**
 * A node admin stand-in for placement job tests: it keeps the platform's state as a real one does
 * (where each tenant is placed, which (tenant, shard) pairs drain), records every call, fails the
 * reloads of `failReloadsOn` shards, and fails the next call of an operation once when told to
 * (`failNext`), after which the platform behaves again.
 */
type Op = 'drain' | 'undrain' | 'reload' | 'status';

export function fakeNodeAdmin(failReloadsOn: Set<string> = new Set()) {
  const calls: string[] = [];
  const placed = new Map<string, string>();
  const draining = new Set<string>();
  const failures = new Map<Op, Error[]>();
  let running = 0;
  let peak = 0;
  const track = async <T>(op: Op, name: string, v: () => T) => {
    const err = failures.get(op)?.shift();
    if (err) throw err;
    running += 1;
    peak = Math.max(peak, running);
    calls.push(name);
    await new Promise((r) => setTimeout(r, 5));
    running -= 1;
    return v();
  };
  const tenantsOn = (shard: string) =>
    [...new Set([...placed].filter(([, s]) => s === shard).map(([t]) => t))]
      .concat([...draining].filter((k) => k.endsWith(`|${shard}`)).map((k) => k.split('|')[0] as string))
      .filter((t, i, all) => all.indexOf(t) === i)
      .map((tenantId) => ({
        tenantId,
        placed: placed.get(tenantId) === shard,
        draining: draining.has(`${tenantId}|${shard}`),
        inFlight: 0,
      }));
  return {
    calls,
    placed,
    draining,
    peak: () => peak,
    /** The calls that change something (every call but the status reads). */
    effects: () => calls.filter((c) => !c.startsWith('status ')),
    /** The next call of `op` fails with `err` (queued: several calls fail in turn). */
    failNext: (op: Op, err: Error) => failures.set(op, [...(failures.get(op) ?? []), err]),
    drain: (shard: string, tenant: string) =>
      track('drain', `drain ${tenant}@${shard}`, () => void draining.add(`${tenant}|${shard}`)),
    undrain: (shard: string, tenant: string) =>
      track('undrain', `undrain ${tenant}@${shard}`, () => void draining.delete(`${tenant}|${shard}`)),
    placementStatus: (shard: string) =>
      track('status', `status ${shard}`, () => ({ shard, tenants: tenantsOn(shard) })),
    reload: async (shard: string, assignments: Array<{ tenantId: string; shard: string }>) => {
      if (failReloadsOn.has(shard)) throw new Error(`reload of ${shard} failed`);
      return track('reload', `reload ${shard}`, () => {
        for (const a of assignments) placed.set(a.tenantId, a.shard);
        return { tenants: tenantsOn(shard).map((t) => t.tenantId) };
      });
    },
  };
}

export type FakeNodeAdmin = ReturnType<typeof fakeNodeAdmin>;
