/**
 * Alert inbox rules: ingest Alertmanager webhook deliveries (dedupe by fingerprint, out-of-order
 * safe), list firing-first pages with the suggested action of each alert, and keep the table bounded
 * by purging resolved alerts after a retention period.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type {
  Alert,
  AlertmanagerAlert,
  AlertmanagerWebhook,
  AlertPage,
  AlertWebhookResult,
  ListAlertsQuery,
} from '../../../contract';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import { listAlertRows, purgeResolvedAlerts, upsertAlert } from './operations.store';
import type { Db, AlertsTable } from '../../kernel/database/schema';
import { environmentOf, suggestAction, tenantOf } from './alerts.rules';
import { systemClock, type Clock } from '../../kernel/clock';
import { ALL_TENANTS, type TenantScope } from '../../kernel/scope';
import type { AlertActionsService } from './alertActions.service';

const CursorSchema = z.object({
  f: z.string(),
  a: z.number().int().min(0).max(1),
  t: z.string().max(40),
  p: z.string().max(64),
  d: z.enum(['n', 'p']),
});
const MAX_TEXT = 1000;

/** Alertmanager sends nanoseconds and `0001-01-01T00:00:00Z` for "no end"; stored times are fixed-width ISO (ms). */
export function normalizeTime(value: string | undefined): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  const d = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const clip = (s: string | undefined) => (s === undefined || s === '' ? null : s.slice(0, MAX_TEXT));

function toRow(a: AlertmanagerAlert, receivedAt: string): AlertsTable | null {
  const startsAt = normalizeTime(a.startsAt);
  if (!startsAt) return null;
  const resolved = a.status === 'resolved';
  // A resolved alert without a usable endsAt resolved "now".
  const endsAt = resolved ? (normalizeTime(a.endsAt) ?? receivedAt) : null;
  return {
    fingerprint: a.fingerprint,
    alertname: (a.labels.alertname ?? 'unnamed').slice(0, 200),
    status: a.status,
    active: resolved ? 0 : 1,
    event_ts: resolved ? (endsAt as string) : startsAt,
    severity: clip(a.labels.severity),
    summary: clip(a.annotations.summary ?? a.annotations.description),
    runbook_url: clip(a.annotations.runbook_url),
    tenant_id: tenantOf(a.labels),
    shard: clip(a.labels.shard),
    service: clip(a.labels.service),
    environment: environmentOf(a.labels),
    labels: JSON.stringify(a.labels),
    starts_at: startsAt,
    ends_at: endsAt,
    received_at: receivedAt,
    generator_url: clip(a.generatorURL),
  };
}

export function rowToAlert(r: AlertsTable): Alert {
  const labels = JSON.parse(r.labels) as Record<string, string>;
  return {
    fingerprint: r.fingerprint,
    alertname: r.alertname,
    status: r.status,
    severity: r.severity,
    summary: r.summary,
    runbookUrl: r.runbook_url,
    tenantId: r.tenant_id,
    shard: r.shard,
    service: r.service,
    environment: r.environment,
    labels,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    receivedAt: r.received_at,
    generatorUrl: r.generator_url,
    // Computed on read, so stored alerts follow the current mapping.
    suggestion: suggestAction(labels),
    // Filled in by AlertActionsService.annotate (Alertmanager silences, acknowledgements in the audit).
    silence: null,
    acknowledgement: null,
  };
}

export interface AlertsServiceOptions {
  /** Resolved alerts older than this are deleted. */
  retentionMs: number;
}

export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly options: AlertsServiceOptions,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock(),
    private readonly actions?: AlertActionsService
  ) {}

  async ingest(payload: AlertmanagerWebhook): Promise<AlertWebhookResult> {
    const now = this.clock.now();
    const receivedAt = now.toISOString();
    let stored = 0;
    let ignored = 0;
    await this.db.transaction().execute(async (trx) => {
      for (const a of payload.alerts) {
        const row = toRow(a, receivedAt);
        if (row && (await upsertAlert(trx, row))) stored += 1;
        else ignored += 1;
      }
    });
    if (payload.truncatedAlerts > 0) {
      this.logger.warn(
        { truncated: payload.truncatedAlerts, groupKey: payload.groupKey.slice(0, 200) },
        'alertmanager truncated alerts in a webhook delivery'
      );
    }
    this.logger.info(
      { receiver: payload.receiver.slice(0, 100), status: payload.status, stored, ignored },
      'alert webhook received'
    );
    await this.purge(now);
    return { stored, ignored };
  }

  async list(query: ListAlertsQuery, scope: TenantScope = ALL_TENANTS): Promise<AlertPage> {
    const filters = { status: query.status, tenant: query.tenant, environment: query.environment };
    const f = queryFingerprint(filters);
    const cursor = query.cursor ? decodeCursor(query.cursor, CursorSchema, f) : undefined;
    const backward = cursor?.d === 'p';
    const rows = await listAlertRows(
      this.db,
      filters,
      cursor ? { active: cursor.a, eventTs: cursor.t, fingerprint: cursor.p } : undefined,
      backward,
      query.limit + 1,
      scope
    );
    const mode = !cursor ? 'first' : backward ? 'prev' : 'next';
    const page = assemblePage(rows, query.limit, mode, (r, d) =>
      encodeCursor({ f, a: r.active, t: r.event_ts, p: r.fingerprint, d })
    );
    const alerts = page.items.map(rowToAlert);
    if (!this.actions) return { ...page, items: alerts, silences: 'off' };
    return { ...page, ...(await this.actions.annotate(alerts)) };
  }

  private async purge(now: Date): Promise<void> {
    try {
      await purgeResolvedAlerts(this.db, new Date(now.getTime() - this.options.retentionMs).toISOString());
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'purging resolved alerts failed');
    }
  }
}
