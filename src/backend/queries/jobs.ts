/**
 * `jobs` (created in the time range, with the jobs API's filters): `table`; `counts` per status, type
 * or environment (numeric-multi, for Alerting); `timeseries` of those counts per bucket (wide);
 * `durations` of finished jobs (time = finish, duration in seconds).
 */
import type { z } from 'zod';
import { ACTIVE_JOB_STATUSES, DATASOURCE_LIMITS, appPaths, type Job, type JobsDsQuerySchema } from '../../contract';
import type { Frame } from '../frames/frame';
import { badQuery } from './errors';
import { csv, seriesBucketsFor, type QueryContext } from './context';
import { ms, numericMulti, table, truncatedNotice, wideSeries } from './frames';

type Query = z.output<typeof JobsDsQuerySchema>;
type Filters = Pick<Query, 'status' | 'type' | 'environment' | 'tenant'>;

/** Jobs created within the range. The list is active-first then newest-first, so paging stops at the first older finished job. */
export async function jobsInRange(
  filters: Filters,
  ctx: QueryContext,
  max: number
): Promise<{ jobs: Job[]; more: boolean }> {
  const { fromMs, toMs } = ctx.range;
  const { items, more } = await ctx.client.collect(
    'listJobs',
    {
      status: csv(filters.status),
      type: csv(filters.type),
      environment: csv(filters.environment),
      tenant: filters.tenant,
    },
    max,
    { stop: (j) => !ACTIVE_JOB_STATUSES.includes(j.status) && ms(j.createdAt) < fromMs }
  );
  return { jobs: items.filter((j) => ms(j.createdAt) >= fromMs && ms(j.createdAt) <= toMs), more };
}

const durationSeconds = (j: Job): number | null =>
  j.startedAt && j.finishedAt ? (ms(j.finishedAt) - ms(j.startedAt)) / 1000 : null;

export const JOB_LINK = { title: 'Open job', url: `${appPaths.job('')}\${__value.raw}` };

function groupValues(q: Query, jobs: Job[]): string[] {
  const key = q.groupBy;
  const filtered = q[key];
  if (filtered?.length) return [...filtered];
  return [...new Set(jobs.map((j) => j[key]))].sort();
}

export async function jobsQuery(q: Query, ctx: QueryContext): Promise<Frame[]> {
  if (q.format === 'table') {
    const { jobs, more } = await jobsInRange(q, ctx, q.limit);
    const notices = more
      ? [truncatedNotice('jobs', jobs.length, 'raise the limit (at most 5000), narrow the filters or the range')]
      : [];
    return [
      table<Job>(
        'jobs',
        jobs,
        [
          { name: 'createdAt', type: 'time', get: (j) => ms(j.createdAt) },
          { name: 'id', type: 'string', get: (j) => j.id, config: { links: [JOB_LINK] } },
          { name: 'type', type: 'string', get: (j) => j.type },
          { name: 'status', type: 'string', get: (j) => j.status },
          { name: 'environment', type: 'string', get: (j) => j.environment },
          { name: 'tenant', type: 'string', get: (j) => j.tenantId, nullable: true },
          { name: 'target', type: 'string', get: (j) => j.target },
          { name: 'requestedBy', type: 'string', get: (j) => j.requestedBy.login },
          { name: 'startedAt', type: 'string', get: (j) => j.startedAt, nullable: true },
          { name: 'finishedAt', type: 'string', get: (j) => j.finishedAt, nullable: true },
          { name: 'duration', type: 'number', get: durationSeconds, nullable: true, config: { unit: 's' } },
          { name: 'error', type: 'string', get: (j) => j.error?.message ?? null, nullable: true },
        ],
        notices
      ),
    ];
  }
  if (q.format === 'durations') {
    const { jobs } = await scan(q, ctx);
    const done = jobs
      .filter((j) => durationSeconds(j) !== null)
      .sort((a, b) => ms(a.finishedAt as string) - ms(b.finishedAt as string));
    return [
      table<Job>('job durations', done, [
        { name: 'time', type: 'time', get: (j) => ms(j.finishedAt as string) },
        { name: 'duration', type: 'number', get: (j) => durationSeconds(j) as number, config: { unit: 's' } },
        { name: 'id', type: 'string', get: (j) => j.id, config: { links: [JOB_LINK] } },
        { name: 'type', type: 'string', get: (j) => j.type },
        { name: 'status', type: 'string', get: (j) => j.status },
        { name: 'environment', type: 'string', get: (j) => j.environment },
      ]),
    ];
  }
  if (q.format === 'counts') {
    const { jobs } = await scan(q, ctx);
    return numericMulti(
      'jobs',
      groupValues(q, jobs).map((v) => ({
        value: jobs.filter((j) => j[q.groupBy] === v).length,
        labels: { [q.groupBy]: v },
        displayName: v,
      }))
    );
  }
  const buckets = seriesBucketsFor(q.bucket, ctx);
  const { jobs } = await scan(q, ctx);
  const first = buckets.starts[0];
  const values = groupValues(q, jobs);
  const series = values.map((v) => ({
    name: 'jobs',
    labels: { [q.groupBy]: v },
    displayName: v,
    values: new Array<number>(buckets.starts.length).fill(0),
  }));
  for (const j of jobs) {
    const s = series[values.indexOf(j[q.groupBy])];
    const i = Math.floor((ms(j.createdAt) - first) / buckets.stepMs);
    if (s && i >= 0 && i < s.values.length) s.values[i] += 1;
  }
  return [wideSeries('jobs', buckets.starts, series)];
}

/** All jobs of the range for an aggregate; a scan too large is an error, never a silent undercount. */
async function scan(q: Query, ctx: QueryContext) {
  const r = await jobsInRange(q, ctx, DATASOURCE_LIMITS.jobScan);
  if (r.more) {
    throw badQuery(
      `More than ${DATASOURCE_LIMITS.jobScan} jobs in this range: shorten the time range or narrow the filters`
    );
  }
  return r;
}
