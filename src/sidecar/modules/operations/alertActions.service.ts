/**
 * Closing the loop on an alert: acknowledge it (this firing episode), silence it in Alertmanager for a
 * duration with a reason, lift a silence; and, for the inbox, which silence mutes each alert now and
 * who acknowledged it. Silences live in Alertmanager (a silence made in its own UI shows up too);
 * acknowledgements are audit entries. Every change is audited with the acting operator.
 */
import type { Logger } from 'pino';
import {
  ErrorCode,
  type AcknowledgeAlert,
  type Alert,
  type AlertPage,
  type CreateAlertSilence,
} from '../../../contract';
import type { Clock } from '../../kernel/clock';
import type { Db, Executor } from '../../kernel/database/schema';
import { DomainError, notFound, unavailable } from '../../kernel/errors';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { silences as matches, type AlertmanagerClient, type AmSilence } from '../../platform/alertmanager';
import { ALL_TENANTS, tenantVisible, type TenantScope } from '../../kernel/scope';
import { environmentOf, tenantOf } from './alerts.rules';
import { rowToAlert } from './alerts.service';
import { ACK_ACTION, acknowledgementsOf, getAlertRow } from './operations.store';

export class AlertActionsService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly alertmanager: AlertmanagerClient | null,
    private readonly clock: Clock,
    private readonly log: Logger
  ) {}

  /** Adds each alert's current silence and acknowledgement; silences are `unavailable` when Alertmanager cannot be read. */
  async annotate(alerts: Alert[], ex: Executor = this.db): Promise<Pick<AlertPage, 'items' | 'silences'>> {
    const acks = await acknowledgementsOf(
      ex,
      alerts.map((a) => a.fingerprint)
    );
    let list: AmSilence[] = [];
    let status: AlertPage['silences'] = this.alertmanager ? 'ok' : 'off';
    if (this.alertmanager && alerts.length > 0) {
      try {
        list = (await this.alertmanager.listSilences()).filter((s) => s.status.state !== 'expired');
      } catch (err) {
        status = 'unavailable';
        this.log.warn({ err: (err as Error).message }, 'reading Alertmanager silences failed');
      }
    }
    const items = alerts.map((a) => {
      const ack = acks.find((k) => k.fingerprint === a.fingerprint && k.startsAt === a.startsAt);
      const silence = list
        .filter((s) => matches(s.matchers, a.labels))
        .sort((x, y) => rank(y) - rank(x) || y.endsAt.localeCompare(x.endsAt))[0];
      return {
        ...a,
        acknowledgement: ack ? { by: ack.by, at: ack.at, reason: ack.reason } : null,
        silence: silence
          ? {
              id: silence.id,
              state: silence.status.state as 'active' | 'pending',
              startsAt: iso(silence.startsAt),
              endsAt: iso(silence.endsAt),
              createdBy: silence.createdBy,
              comment: silence.comment,
            }
          : null,
      };
    });
    return { items, silences: status };
  }

  async silence(ctx: MutationContext, body: CreateAlertSilence, scope: TenantScope = ALL_TENANTS): Promise<Alert> {
    const am = this.requireAlertmanager();
    const alert = await this.firing(body.fingerprint, 'silence', scope);
    const now = this.clock.now();
    const endsAt = new Date(now.getTime() + body.durationMinutes * 60_000).toISOString();
    const matchers = Object.entries(alert.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    const id = await am.createSilence({
      matchers,
      startsAt: now.toISOString(),
      endsAt,
      createdBy: ctx.actor.login,
      comment: `${body.reason} (Switchyard, alert ${alert.alertname})`,
    });
    try {
      return await this.mutations.run(ctx, async (trx, { audit }) => {
        await audit({
          action: 'alert.silence',
          targetType: 'alert',
          targetId: alert.fingerprint,
          reason: body.reason,
          outcome: 'success',
          details: { silenceId: id, alertname: alert.alertname, durationMinutes: body.durationMinutes, endsAt },
        });
        const [annotated] = (await this.annotate([alert], trx)).items;
        return annotated;
      });
    } catch (err) {
      // Not audited, so not kept: lift the silence again.
      await am.expireSilence(id).catch(() => undefined);
      throw err;
    }
  }

  async expire(
    ctx: MutationContext,
    id: string,
    reason: string,
    scope: TenantScope = ALL_TENANTS
  ): Promise<{ id: string; state: 'expired'; endsAt: string }> {
    const am = this.requireAlertmanager();
    const s = await am.getSilence(id);
    if (!s || !(await this.silenceInScope(s, scope))) throw notFound('Silence', id);
    if (s.status.state === 'expired')
      throw new DomainError(ErrorCode.conflict, `Silence ${id} has already expired`, { details: { endsAt: s.endsAt } });
    await am.expireSilence(id);
    return this.mutations.run(ctx, async (_trx, { now, audit }) => {
      await audit({
        action: 'alert.silence.expire',
        targetType: 'alert-silence',
        targetId: id,
        reason,
        outcome: 'success',
        details: { createdBy: s.createdBy, wasEndingAt: iso(s.endsAt), comment: s.comment.slice(0, 300) },
      });
      return { id, state: 'expired' as const, endsAt: now.toISOString() };
    });
  }

  async acknowledge(ctx: MutationContext, body: AcknowledgeAlert, scope: TenantScope = ALL_TENANTS): Promise<Alert> {
    const alert = await this.firing(body.fingerprint, 'acknowledge', scope);
    return this.mutations.run(ctx, async (trx, { audit }) => {
      const [current] = (await this.annotate([alert], trx)).items;
      if (current.acknowledgement)
        throw new DomainError(
          ErrorCode.conflict,
          `${alert.alertname} was already acknowledged by ${current.acknowledgement.by} at ${current.acknowledgement.at}`,
          { details: { acknowledgement: current.acknowledgement } }
        );
      await audit({
        action: ACK_ACTION,
        targetType: 'alert',
        targetId: alert.fingerprint,
        reason: body.reason ?? null,
        outcome: 'success',
        details: { startsAt: alert.startsAt, alertname: alert.alertname },
      });
      return (await this.annotate([alert], trx)).items[0];
    });
  }

  private requireAlertmanager(): AlertmanagerClient {
    if (!this.alertmanager)
      throw unavailable('Silences are off: set SWITCHYARD_ALERTMANAGER_URL (and allow its host) to silence alerts');
    return this.alertmanager;
  }

  /**
   * A silence belongs to the tenant (or, without one, the environment) its equality matchers pin,
   * read like an alert's labels; a limited scope reaches it as it would reach such an alert. A silence
   * pinning neither is fleet-wide and needs an unrestricted scope.
   */
  private async silenceInScope(s: AmSilence, scope: TenantScope): Promise<boolean> {
    if (scope.all) return true;
    const pinned = Object.fromEntries(s.matchers.filter((m) => !m.isRegex && m.isEqual).map((m) => [m.name, m.value]));
    const tenant = tenantOf(pinned);
    if (tenant) return tenantVisible(this.db, tenant, scope);
    const env = environmentOf(pinned);
    return env !== null && scope.environments.includes(env);
  }

  private async firing(fingerprint: string, what: string, scope: TenantScope): Promise<Alert> {
    const row = await getAlertRow(this.db, fingerprint, scope);
    if (!row) throw notFound('Alert', fingerprint);
    if (row.status !== 'firing')
      throw new DomainError(ErrorCode.conflict, `${row.alertname} is resolved; there is nothing to ${what}`, {
        details: { status: row.status },
      });
    return rowToAlert(row);
  }
}

const rank = (s: AmSilence) => (s.status.state === 'active' ? 1 : 0);
const iso = (t: string) => new Date(t.replace(/(\.\d{3})\d+/, '$1')).toISOString();
