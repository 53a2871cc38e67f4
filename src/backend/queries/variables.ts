/**
 * Values for template variables and the editor's pick lists (`$tenant`, `$shard`, `$environment`,
 * `$jobType`), as `{text, value}` pairs and as a two-field frame (`text`, `value`).
 */
import type { z } from 'zod';
import {
  DATASOURCE_LIMITS,
  ENVIRONMENTS,
  JOB_TYPES,
  type JobAnnotationsDsQuerySchema,
  type VariableDsQuerySchema,
} from '../../contract';
import type { Frame } from '../frames/frame';
import { csv, type QueryContext } from './context';
import { jobsInRange, JOB_LINK } from './jobs';
import { ms } from './frames';

export interface MetricFindValue {
  text: string;
  value: string;
}

type VariableQuery = z.output<typeof VariableDsQuerySchema>;

export async function variableValues(
  q: Pick<VariableQuery, 'target' | 'environment' | 'kind' | 'search'>,
  client: QueryContext['client']
): Promise<MetricFindValue[]> {
  const matches = (s: string) => !q.search || s.toLowerCase().includes(q.search.toLowerCase());
  switch (q.target) {
    case 'environment':
      return ENVIRONMENTS.filter(matches).map((e) => ({ text: e, value: e }));
    case 'jobType':
      return JOB_TYPES.filter(matches).map((t) => ({ text: t, value: t }));
    case 'tenant': {
      const { items } = await client.collect(
        'listTenants',
        { environment: csv(q.environment), q: q.search, sort: 'id' },
        DATASOURCE_LIMITS.variableValues
      );
      return items.map((t) => ({ text: t.id, value: t.id }));
    }
    case 'shard': {
      const { items } = await client.collect('listShards', { kind: q.kind }, DATASOURCE_LIMITS.variableValues);
      return items.filter((s) => matches(s.id)).map((s) => ({ text: s.id, value: s.id }));
    }
  }
}

export async function variableQuery(q: VariableQuery, ctx: QueryContext): Promise<Frame[]> {
  const values = await variableValues(q, ctx.client);
  return [
    {
      name: q.target,
      fields: [
        { name: 'text', type: 'string', values: values.map((v) => v.text) },
        { name: 'value', type: 'string', values: values.map((v) => v.value) },
      ],
    },
  ];
}

/**
 * Jobs as annotations: a region from creation to finish (running jobs end now), title, text with a
 * link to the job page, and tags (type, status, environment, tenant) as Grafana's annotation fields.
 */
export async function jobAnnotationsQuery(
  q: z.output<typeof JobAnnotationsDsQuerySchema>,
  ctx: QueryContext
): Promise<Frame[]> {
  const { jobs } = await jobsInRange(q, ctx, DATASOURCE_LIMITS.tableRows);
  const end = Math.min(ctx.now(), ctx.range.toMs);
  const path = (id: string) => JOB_LINK.url.replace('${__value.raw}', encodeURIComponent(id));
  return [
    {
      name: 'job annotations',
      fields: [
        { name: 'time', type: 'time', values: jobs.map((j) => ms(j.createdAt)) },
        {
          name: 'timeEnd',
          type: 'time',
          values: jobs.map((j) => Math.max(ms(j.createdAt), j.finishedAt ? ms(j.finishedAt) : end)),
        },
        { name: 'title', type: 'string', values: jobs.map((j) => `${j.type} ${j.status}: ${j.target}`) },
        {
          name: 'text',
          type: 'string',
          values: jobs.map(
            (j) =>
              escapeHtml(
                `${j.type} ${j.status} in ${j.environment}, requested by ${j.requestedBy.login}: ${j.reason}` +
                  `${j.error ? ` — ${j.error.message}` : ''}`
              ) + ` <a href="${path(j.id)}">Open job</a>`
          ),
        },
        {
          name: 'tags',
          type: 'string',
          values: jobs.map((j) => [j.type, j.status, j.environment, ...(j.tenantId ? [j.tenantId] : [])].join(',')),
        },
        { name: 'jobId', type: 'string', values: jobs.map((j) => j.id) },
      ],
    },
  ];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Annotation text is rendered as (sanitized) HTML: user-written reasons are escaped. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
