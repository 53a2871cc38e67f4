/** `tenants`: the tenants list as a table, with the tenants API's filters. */
import type { z } from 'zod';
import { appPaths, type Tenant, type TenantsDsQuerySchema } from '../../contract';
import type { Frame } from '../frames/frame';
import { csv, type QueryContext } from './context';
import { ms, table, truncatedNotice } from './frames';

export async function tenantsQuery(q: z.output<typeof TenantsDsQuerySchema>, ctx: QueryContext): Promise<Frame[]> {
  const { items, more } = await ctx.client.collect(
    'listTenants',
    {
      status: csv(q.status),
      environment: csv(q.environment),
      plan: csv(q.plan),
      q: q.search,
      label: q.label,
      sort: 'id',
    },
    q.limit
  );
  const notices = more
    ? [truncatedNotice('tenants', items.length, 'raise the limit (at most 5000) or narrow the filters')]
    : [];
  return [
    table<Tenant>(
      'tenants',
      items,
      [
        {
          name: 'id',
          type: 'string',
          get: (t) => t.id,
          config: { links: [{ title: 'Open tenant', url: `${appPaths.tenant('')}\${__value.raw}` }] },
        },
        { name: 'displayName', type: 'string', get: (t) => t.displayName },
        { name: 'status', type: 'string', get: (t) => t.status },
        { name: 'environment', type: 'string', get: (t) => t.environment },
        { name: 'plan', type: 'string', get: (t) => t.plan },
        {
          name: 'labels',
          type: 'string',
          get: (t) =>
            Object.entries(t.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
        },
        { name: 'killSwitch', type: 'boolean', get: (t) => t.featureFlags.killSwitch },
        { name: 'version', type: 'number', get: (t) => t.version },
        { name: 'createdAt', type: 'time', get: (t) => ms(t.createdAt) },
        { name: 'updatedAt', type: 'time', get: (t) => ms(t.updatedAt) },
      ],
      notices
    ),
  ];
}
