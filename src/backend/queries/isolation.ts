/**
 * `isolation`: `counts` = tenants per verdict (numeric-multi, label `verdict`); `violations` = one
 * numeric-multi series per tenant whose verdict matches (default `violation`), value 1, labels
 * `tenant_id`, `environment`, `verdict`, `failing` — an alert rule fires once per tenant.
 */
import type { z } from 'zod';
import { DATASOURCE_LIMITS, ISOLATION_VERDICTS, type IsolationDsQuerySchema } from '../../contract';
import type { Frame, Notice } from '../frames/frame';
import { csv, type QueryContext } from './context';
import { numericMulti, truncatedNotice } from './frames';

const NOT_CONFIGURED: Notice = {
  severity: 'warning',
  text: 'Isolation checks are not configured on the sidecar (SWITCHYARD_PLATFORM_URL): every verdict is unknown',
};

export async function isolationQuery(q: z.output<typeof IsolationDsQuerySchema>, ctx: QueryContext): Promise<Frame[]> {
  const environment = csv(q.environment);
  if (q.format === 'counts') {
    const page = await ctx.client.get('listIsolation', { query: { limit: 1, environment } });
    const verdicts = q.verdict?.length ? q.verdict : ISOLATION_VERDICTS;
    return numericMulti(
      'tenants',
      verdicts.map((v) => ({ value: page.counts[v], labels: { verdict: v }, displayName: v })),
      page.configured ? [] : [NOT_CONFIGURED]
    );
  }
  const { items, more, first } = await ctx.client.collect(
    'listIsolation',
    { verdict: csv(q.verdict) ?? 'violation', environment },
    DATASOURCE_LIMITS.tableRows
  );
  const notices = [
    ...(first.configured ? [] : [NOT_CONFIGURED]),
    ...(more ? [truncatedNotice('tenants', items.length, 'filter by environment')] : []),
  ];
  return numericMulti(
    'violations',
    items.map((s) => ({
      value: 1,
      labels: {
        tenant_id: s.tenantId,
        environment: s.environment ?? 'unknown',
        verdict: s.verdict,
        failing: s.failing.map((f) => f.check).join(','),
      },
      displayName: s.tenantId,
    })),
    notices
  );
}
