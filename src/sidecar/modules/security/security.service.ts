/**
 * Records the trust boundary's refusals. Recording never blocks or fails the refused request: it is
 * rate-limited by a token bucket (a flood of bad requests cannot fill the store) and written in the
 * background; what the bucket drops is counted in `switchyard_security_events_dropped_total`.
 * Only the route template, the action, the refusal message and a known login are kept — never
 * headers, tokens, secrets, query strings or bodies.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { z } from 'zod';
import type { ListSecurityEventsQuery, SecurityEventPage } from '../../../contract';
import type { Clock } from '../../kernel/clock';
import { assemblePage, decodeCursor, encodeCursor, queryFingerprint } from '../../kernel/cursor';
import type { Db } from '../../kernel/database/schema';
import type { Refusal } from '../../kernel/registrar';
import { insertEvent, listEvents } from './security.store';

const CursorSchema = z.object({
  ts: z.string().max(40),
  id: z.string().max(64),
  f: z.string(),
  d: z.enum(['n', 'p']),
});

export interface RateLimit {
  /** Events that may be recorded in a burst. */
  burst: number;
  /** Events per second the bucket refills. */
  perSecond: number;
}

export class SecurityLog {
  private tokens: number;
  private last: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly refusals: Counter<'decision'>;
  private readonly dropped: Counter;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    registry: Registry,
    private readonly limit: RateLimit = { burst: 200, perSecond: 20 }
  ) {
    this.tokens = limit.burst;
    this.last = clock.now().getTime();
    this.refusals = new Counter({
      name: 'switchyard_security_refusals_total',
      help: 'Requests the trust boundary refused, by decision',
      labelNames: ['decision'] as const,
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'switchyard_security_events_dropped_total',
      help: 'Refusals not written to the security log because of its rate limit',
      registers: [registry],
    });
  }

  private take(): boolean {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Called by the registrar for every 401/403 it answers. Returns at once. */
  readonly record = (r: Refusal): void => {
    const decision = r.status === 401 ? 'unauthenticated' : 'forbidden';
    this.refusals.inc({ decision });
    if (!this.take()) {
      this.dropped.inc();
      return;
    }
    const write = insertEvent(this.db, {
      id: randomUUID(),
      ts: this.clock.now().toISOString(),
      decision,
      status: r.status,
      message: r.message.slice(0, 300),
      method: r.method,
      route: r.route,
      action: r.action,
      login: r.login,
      requestId: r.requestId,
    })
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'security event not recorded'))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  };

  /** Waits for writes in flight (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Keyset pages newest first, forward (`nextCursor`) and back (`prevCursor`). */
  async list(query: ListSecurityEventsQuery): Promise<SecurityEventPage> {
    const filters = { decision: query.decision, from: query.from, to: query.to };
    const f = queryFingerprint(filters);
    const cursor = query.cursor ? decodeCursor(query.cursor, CursorSchema, f) : undefined;
    const backward = cursor?.d === 'p';
    const at = cursor ? { ts: cursor.ts, id: cursor.id } : undefined;
    const rows = await listEvents(this.db, filters, {
      before: backward ? undefined : at,
      after: backward ? at : undefined,
      ascending: backward,
      limit: query.limit + 1,
    });
    const mode = !cursor ? 'first' : backward ? 'prev' : 'next';
    return assemblePage(rows, query.limit, mode, (e, d) => encodeCursor({ ts: e.ts, id: e.id, f, d }));
  }
}
