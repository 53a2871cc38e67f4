/** `alerts` (the alert inbox, firing first) and `audit` (entries in the range, newest first) as tables. */
import type { z } from 'zod';
import type { Alert, AlertsDsQuerySchema, AuditDsQuerySchema, AuditEntry } from '../../contract';
import type { Frame } from '../frames/frame';
import { iso, type QueryContext } from './context';
import { ms, table, truncatedNotice } from './frames';

export async function alertsQuery(q: z.output<typeof AlertsDsQuerySchema>, ctx: QueryContext): Promise<Frame[]> {
  const { items, more } = await ctx.client.collect('listAlerts', { status: q.status, tenant: q.tenant }, q.limit);
  return [
    table<Alert>(
      'alerts',
      items,
      [
        { name: 'startsAt', type: 'time', get: (a) => ms(a.startsAt) },
        { name: 'status', type: 'string', get: (a) => a.status },
        { name: 'alertname', type: 'string', get: (a) => a.alertname },
        { name: 'severity', type: 'string', get: (a) => a.severity, nullable: true },
        { name: 'summary', type: 'string', get: (a) => a.summary, nullable: true },
        { name: 'tenant', type: 'string', get: (a) => a.tenantId, nullable: true },
        { name: 'shard', type: 'string', get: (a) => a.shard, nullable: true },
        { name: 'environment', type: 'string', get: (a) => a.environment, nullable: true },
        { name: 'endsAt', type: 'string', get: (a) => a.endsAt, nullable: true },
        { name: 'suggestion', type: 'string', get: (a) => a.suggestion?.title ?? null, nullable: true },
        {
          name: 'action',
          type: 'string',
          get: (a) => a.suggestion?.path ?? null,
          nullable: true,
          config: { links: [{ title: 'Open the suggested action', url: '${__value.raw}' }] },
        },
      ],
      more ? [truncatedNotice('alerts', items.length, 'raise the limit or filter by status')] : []
    ),
  ];
}

export async function auditQuery(q: z.output<typeof AuditDsQuerySchema>, ctx: QueryContext): Promise<Frame[]> {
  const { items, more } = await ctx.client.collect(
    'listAudit',
    {
      targetType: q.targetType,
      targetId: q.targetId,
      actor: q.actor,
      action: q.action,
      outcome: q.outcome,
      from: iso(ctx.range.fromMs),
      to: iso(ctx.range.toMs),
    },
    q.limit
  );
  return [
    table<AuditEntry>(
      'audit',
      items,
      [
        { name: 'time', type: 'time', get: (e) => ms(e.ts) },
        { name: 'seq', type: 'number', get: (e) => e.seq },
        { name: 'actor', type: 'string', get: (e) => e.actor.login },
        { name: 'action', type: 'string', get: (e) => e.action },
        { name: 'targetType', type: 'string', get: (e) => e.targetType },
        { name: 'targetId', type: 'string', get: (e) => e.targetId },
        { name: 'outcome', type: 'string', get: (e) => e.outcome },
        { name: 'reason', type: 'string', get: (e) => e.reason, nullable: true },
        { name: 'jobId', type: 'string', get: (e) => e.jobId, nullable: true },
        { name: 'requestId', type: 'string', get: (e) => e.requestId },
      ],
      more
        ? [
            truncatedNotice(
              'audit entries (newest first)',
              items.length,
              'raise the limit (at most 5000) or shorten the range'
            ),
          ]
        : []
    ),
  ];
}
