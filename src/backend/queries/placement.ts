/** `placement`: shards with tenants and load, as a table or as numeric-multi per shard (one metric). */
import type { z } from 'zod';
import { DATASOURCE_LIMITS, type PlacementDsQuerySchema, type ShardView } from '../../contract';
import type { Frame, Notice } from '../frames/frame';
import type { QueryContext } from './context';
import { numericMulti, table } from './frames';

export async function placementQuery(q: z.output<typeof PlacementDsQuerySchema>, ctx: QueryContext): Promise<Frame[]> {
  const { items, first } = await ctx.client.collect(
    'listShards',
    { kind: q.kind, status: q.status },
    DATASOURCE_LIMITS.tableRows
  );
  const notices: Notice[] = first.loadError
    ? [{ severity: 'warning', text: `Shard load is unknown: ${first.loadError}` }]
    : [];
  if (q.format === 'numeric') {
    const known = items.filter((s) => s[q.metric] !== null);
    return numericMulti(
      `shard ${q.metric}`,
      known.map((s) => ({
        value: s[q.metric] as number,
        labels: { shard: s.id, kind: s.kind, region: s.region },
        displayName: s.id,
        unit: q.metric === 'utilization' ? 'percentunit' : q.metric === 'load' ? 'reqps' : undefined,
      })),
      notices
    );
  }
  return [
    table<ShardView>(
      'shards',
      items,
      [
        { name: 'shard', type: 'string', get: (s) => s.id },
        { name: 'kind', type: 'string', get: (s) => s.kind },
        { name: 'region', type: 'string', get: (s) => s.region },
        { name: 'status', type: 'string', get: (s) => s.status },
        { name: 'tenants', type: 'number', get: (s) => s.tenants },
        { name: 'load', type: 'number', get: (s) => s.load, nullable: true, config: { unit: 'reqps' } },
        { name: 'capacity', type: 'number', get: (s) => s.capacity, config: { unit: 'reqps' } },
        {
          name: 'utilization',
          type: 'number',
          get: (s) => s.utilization,
          nullable: true,
          config: { unit: 'percentunit' },
        },
        { name: 'version', type: 'string', get: (s) => s.version },
      ],
      notices
    ),
  ];
}
