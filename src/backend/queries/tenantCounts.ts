/**
 * `tenantCounts`: tenants per status, environment or plan. `numeric` is numeric-multi (one frame per
 * group, label `<groupBy>=<value>`), for stat panels and Alerting. `timeseries` rebuilds the counts
 * over the range from the audit history: it starts from today's counts and undoes, newest first,
 * every tenant creation, status change and plan change down to the start of the range.
 */
import type { z } from 'zod';
import {
  DATASOURCE_LIMITS,
  EnvironmentSchema,
  PlanSchema,
  TenantStatusSchema,
  type AuditEntry,
  type TenantCountsDsQuerySchema,
} from '../../contract';
import type { Frame } from '../frames/frame';
import { badQuery } from './errors';
import { iso, seriesBucketsFor, type QueryContext } from './context';
import { numericMulti, wideSeries } from './frames';

type Query = z.output<typeof TenantCountsDsQuerySchema>;
type GroupBy = Query['groupBy'];
type Counts = Record<string, number>;

const GROUP_VALUES: Record<GroupBy, readonly string[]> = {
  status: TenantStatusSchema.options,
  environment: EnvironmentSchema.options,
  plan: PlanSchema.options,
};

export async function currentCounts(groupBy: GroupBy, ctx: QueryContext): Promise<Counts> {
  const counts: Counts = Object.fromEntries(GROUP_VALUES[groupBy].map((v) => [v, 0]));
  if (groupBy !== 'plan') {
    const overview = await ctx.client.get('getTenantCounts');
    return { ...counts, ...(groupBy === 'status' ? overview.byStatus : overview.byEnvironment) };
  }
  const { items, more } = await ctx.client.collect('listTenants', { sort: 'id' }, DATASOURCE_LIMITS.tenantScan);
  if (more) {
    throw badQuery(
      `Counting by plan reads every tenant and there are more than ${DATASOURCE_LIMITS.tenantScan}: group by status or environment`,
      'groupBy'
    );
  }
  for (const t of items) counts[t.plan] += 1;
  return counts;
}

/** Undoes one audit entry on counts grouped by `groupBy` (walking back in time). */
export function undo(counts: Counts, entry: AuditEntry, groupBy: GroupBy): void {
  if (entry.outcome !== 'success' || entry.targetType !== 'tenant') return;
  const bump = (key: unknown, by: number) => {
    if (typeof key === 'string' && key in counts) counts[key] += by;
  };
  const d = entry.details as Record<string, unknown>;
  if (entry.action === 'tenant.create') {
    const tenant = (d.tenant ?? {}) as Record<string, unknown>;
    bump(tenant[groupBy], -1);
  } else if ((entry.action === 'tenant.status' || entry.action === 'tenant.archive') && groupBy === 'status') {
    bump(d.to, -1);
    bump(d.from, +1);
  } else if (entry.action === 'tenant.update' && groupBy === 'plan') {
    const change = ((d.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>).plan;
    if (change) {
      bump(change.to, -1);
      bump(change.from, +1);
    }
  }
}

export async function tenantCountsQuery(q: Query, ctx: QueryContext): Promise<Frame[]> {
  const values = q.include?.length ? q.include : GROUP_VALUES[q.groupBy];
  if (q.format === 'numeric') {
    const counts = await currentCounts(q.groupBy, ctx);
    return numericMulti(
      'tenants',
      values.map((v) => ({ value: counts[v] ?? 0, labels: { [q.groupBy]: v }, displayName: v }))
    );
  }
  const buckets = seriesBucketsFor(q.bucket, ctx);
  const counts = await currentCounts(q.groupBy, ctx);
  const history = await ctx.client.collect(
    'listAudit',
    { targetType: 'tenant', from: iso(ctx.range.fromMs) },
    DATASOURCE_LIMITS.auditScan
  );
  if (history.more) {
    throw badQuery(
      `More than ${DATASOURCE_LIMITS.auditScan} tenant changes since the start of the range: shorten the time range`
    );
  }
  // Each point is the state at the end of its bucket (clipped to the range end and to now).
  const times = buckets.starts.map((s) => Math.min(s + buckets.stepMs, ctx.range.toMs));
  const series: Record<string, number[]> = Object.fromEntries(values.map((v) => [v, new Array<number>(times.length)]));
  const entries = history.items; // newest first
  let next = 0;
  for (let i = times.length - 1; i >= 0; i -= 1) {
    const at = Math.min(times[i], ctx.now());
    while (next < entries.length && Date.parse(entries[next].ts) > at) {
      undo(counts, entries[next], q.groupBy);
      next += 1;
    }
    for (const v of values) series[v][i] = Math.max(0, counts[v] ?? 0);
  }
  return [
    wideSeries(
      'tenants',
      times,
      values.map((v) => ({ name: 'tenants', labels: { [q.groupBy]: v }, values: series[v], displayName: v }))
    ),
  ];
}
