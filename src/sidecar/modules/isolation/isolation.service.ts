/**
 * Isolation posture rules: the fleet list (violations first, filters, keyset pages, counts by
 * verdict), a tenant's detail (checks + verdict history) and the audited re-probe. Observational
 * only: it reads the platform's report and Switchyard's own records, never tenant data.
 */
import { z } from 'zod';
import {
  verdictRank,
  type IsolationPage,
  type IsolationSummary,
  type ListIsolationQuery,
  type TenantIsolation,
  type VerdictCounts,
} from '../../../contract';
import { notFound, unavailable } from '../../kernel/errors';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint, type Direction } from '../../kernel/cursor';
import { getRosterEntry, listVerdictChanges } from './isolation.store';
import { tenantIdsInScope, tenantVisible, type TenantScope } from '../../kernel/scope';
import type { Db } from '../../kernel/database/schema';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { placeholder, type Posture, type PostureCache } from './posture';

const HISTORY_LIMIT = 50;
const CursorSchema = z.object({ f: z.string(), r: z.number().int(), i: z.string(), d: z.enum(['n', 'p']) });

const summary = ({ checks: _checks, ...s }: Posture): IsolationSummary => s;
const compare = (a: Posture, b: Posture) =>
  verdictRank(a.verdict) - verdictRank(b.verdict) || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0);

export class IsolationService {
  constructor(
    private readonly db: Db,
    private readonly posture: PostureCache,
    private readonly mutations: Mutations
  ) {}

  /** Postures come from memory; a limited scope keeps only the ids its store query returns. */
  async list(scope: TenantScope, query: ListIsolationQuery): Promise<IsolationPage> {
    const configured = this.posture.configured;
    const visible = scope.all ? null : await tenantIdsInScope(this.db, scope);
    const roster = (await this.posture.currentRoster()).filter((t) => !visible || visible.has(t.id));
    let unprobed = false;
    const all: Posture[] = roster.map((t) => {
      const p = this.posture.cached(t.id);
      if (p) return p;
      unprobed = true;
      return placeholder(t.id, t, configured ? 'not_probed' : 'not_configured');
    });
    // Tenants only the platform knows cannot be matched to entitlements: only an unrestricted scope sees them.
    if (!visible) all.push(...this.posture.unlisted());
    if (unprobed && configured) void this.posture.refresh();

    const q = query.q?.toLowerCase();
    const scoped = all.filter(
      (p) =>
        (!query.environment?.length || (p.environment !== null && query.environment.includes(p.environment))) &&
        (!query.check?.length || p.failing.some((f) => query.check!.includes(f.check))) &&
        (!q || p.tenantId.includes(q))
    );
    const counts: VerdictCounts = { violation: 0, unknown: 0, warning: 0, isolated: 0 };
    for (const p of scoped) counts[p.verdict] += 1;
    const matching = scoped.filter((p) => !query.verdict?.length || query.verdict.includes(p.verdict)).sort(compare);

    const fingerprint = queryFingerprint({ v: query.verdict, c: query.check, e: query.environment, q });
    const cursor = query.cursor ? decodeCursor(query.cursor, CursorSchema, fingerprint) : undefined;
    let rows = matching;
    if (cursor) {
      const at = (p: Posture) =>
        verdictRank(p.verdict) - cursor.r || (p.tenantId < cursor.i ? -1 : p.tenantId > cursor.i ? 1 : 0);
      rows = cursor.d === 'n' ? matching.filter((p) => at(p) > 0) : matching.filter((p) => at(p) < 0).reverse();
    }
    const mode = !cursor ? 'first' : cursor.d === 'p' ? 'prev' : 'next';
    const page = assemblePage(rows.slice(0, query.limit + 1), query.limit, mode, (p: Posture, d: Direction) =>
      encodeCursor({ f: fingerprint, r: verdictRank(p.verdict), i: p.tenantId, d })
    );
    return {
      configured,
      items: page.items.map(summary),
      nextCursor: page.nextCursor,
      prevCursor: page.prevCursor,
      counts,
      lastRefreshAt: this.posture.lastRefreshAt,
    };
  }

  /** The cached posture when fresh, else a probe now. 404 when neither Switchyard nor the platform knows the tenant. */
  async get(scope: TenantScope, tenantId: string): Promise<TenantIsolation> {
    if (!scope.all && !(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
    const record = await getRosterEntry(this.db, tenantId);
    let p: Posture | null | undefined = this.posture.cached(tenantId);
    if (!this.posture.configured) {
      if (!record) throw notFound('Tenant', tenantId);
      p = placeholder(tenantId, record, 'not_configured');
    } else if (!this.posture.isFresh(p) || p.known !== Boolean(record)) {
      p = await this.posture.refreshOne(tenantId, record ?? null);
      if (!p) throw notFound('Tenant', tenantId);
    }
    const history = await listVerdictChanges(this.db, tenantId, HISTORY_LIMIT);
    return { ...p, configured: this.posture.configured, history };
  }

  /** Asks the platform now; the verdict change (if any) and the audit entry commit together. */
  async probe(ctx: MutationContext, scope: TenantScope, tenantId: string, reason: string): Promise<TenantIsolation> {
    if (!scope.all && !(await tenantVisible(this.db, tenantId, scope))) throw notFound('Tenant', tenantId);
    if (!this.posture.configured) {
      throw unavailable('The platform isolation API is not configured (SWITCHYARD_PLATFORM_URL is unset)');
    }
    const record = await getRosterEntry(this.db, tenantId);
    const p = await this.posture.evaluate(tenantId, record ?? null);
    if (!p) throw notFound('Tenant', tenantId);
    const result = await this.mutations.run(ctx, async (trx, { audit }) => {
      const changedTo = await this.posture.persist(trx, p);
      await audit({
        action: 'isolation.probe',
        targetType: 'tenant',
        targetId: tenantId,
        reason,
        outcome: 'success',
        details: {
          verdict: p.verdict,
          changed: changedTo !== null,
          failing: p.failing.map((f) => `${f.check}:${f.result}`),
          error: p.error?.code ?? null,
        },
      });
      const history = await listVerdictChanges(trx, tenantId, HISTORY_LIMIT);
      return { ...p, configured: true, history };
    });
    this.posture.apply(p);
    return result;
  }
}
