import type { SceneObjectUrlValues } from '@grafana/scenes';
import type { QueryOf } from '../../api/client';
import { AuditFiltersSchema, AuditOutcomeSchema, type AuditFilterQuery, type AuditOutcome } from '../../contract';
import type { ListUrlState } from '../../shared/PagedListScene';
import { firstValue, hasKey, oneOf, optionalValue } from '../../shared/urlState';

/** What an auditor shares when they share an audit page URL. */
export interface AuditFilters {
  actor: string;
  action: string;
  tenant: string;
  job: string;
  outcome?: AuditOutcome;
  /** Free text. */
  q: string;
  /** ISO instants: entries at or after `from`, before `to`. */
  from: string;
  to: string;
  /** Opaque keyset cursor of the page shown; absent on the first page. */
  cursor?: string;
  /** The entry open in the drawer (its sequence number). */
  entry?: number;
}

export const AUDIT_URL_KEYS = [
  'actor',
  'action',
  'tenant',
  'job',
  'outcome',
  'q',
  'from',
  'to',
  'cursor',
  'entry',
] as const;
export type AuditUrlKey = (typeof AUDIT_URL_KEYS)[number];
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_OUTCOMES = AuditOutcomeSchema.options;

export const emptyAuditFilters = (): AuditFilters => ({
  actor: '',
  action: '',
  tenant: '',
  job: '',
  q: '',
  from: '',
  to: '',
});

const shape = AuditFiltersSchema.shape;

/** A URL value the contract accepts for `schema`, else '' (a hand-edited link never reaches the sidecar broken). */
function accepted(
  value: SceneObjectUrlValues[string],
  schema: { safeParse(v: unknown): { success: boolean } }
): string {
  const v = firstValue(value).trim();
  return v && schema.safeParse(v).success ? v : '';
}

/** Applies the URL keys present in `values` on top of `current` (absent keys keep their value; null clears). */
export function auditFiltersFromUrl(values: SceneObjectUrlValues, current: AuditFilters): AuditFilters {
  const next = { ...current };
  const has = (k: AuditUrlKey) => hasKey(values, k);
  if (has('actor')) next.actor = accepted(values.actor, shape.actor);
  if (has('action')) next.action = accepted(values.action, shape.action);
  if (has('tenant')) next.tenant = accepted(values.tenant, shape.tenantId);
  if (has('job')) next.job = accepted(values.job, shape.jobId);
  if (has('outcome')) next.outcome = oneOf(values.outcome, AUDIT_OUTCOMES);
  if (has('q')) next.q = accepted(values.q, shape.q);
  if (has('from')) next.from = accepted(values.from, shape.from);
  if (has('to')) next.to = accepted(values.to, shape.to);
  if (has('cursor')) next.cursor = optionalValue(values.cursor);
  if (has('entry')) {
    const seq = Number(firstValue(values.entry));
    next.entry = Number.isInteger(seq) && seq > 0 ? seq : undefined;
  }
  return next;
}

/** Every key, with `null` for defaults so the URL stays short. */
export function auditFiltersToUrl(f: AuditFilters): Record<AuditUrlKey, string | null> {
  return {
    actor: f.actor || null,
    action: f.action || null,
    tenant: f.tenant || null,
    job: f.job || null,
    outcome: f.outcome ?? null,
    q: f.q || null,
    from: f.from || null,
    to: f.to || null,
    cursor: f.cursor ?? null,
    entry: f.entry !== undefined ? String(f.entry) : null,
  };
}

export function hasAuditFilters(f: AuditFilters): boolean {
  return Boolean(f.actor || f.action || f.tenant || f.job || f.outcome || f.q || f.from || f.to);
}

export const auditUrlState: ListUrlState<AuditFilters> = {
  keys: AUDIT_URL_KEYS,
  empty: emptyAuditFilters,
  fromUrl: auditFiltersFromUrl,
  toUrl: auditFiltersToUrl,
};

/** The filters as the contract names them (search, count and export take the same ones). */
export function toAuditFilterQuery(f: AuditFilters): AuditFilterQuery {
  const q: AuditFilterQuery = {};
  if (f.actor) q.actor = f.actor;
  if (f.action) q.action = f.action;
  if (f.tenant) q.tenantId = f.tenant;
  if (f.job) q.jobId = f.job;
  if (f.outcome) q.outcome = f.outcome;
  if (f.q) q.q = f.q;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  return q;
}

/** One bounded page of the search for these filters. */
export function toAuditListQuery(f: AuditFilters, limit = AUDIT_PAGE_SIZE): QueryOf<'listAudit'> {
  return { ...toAuditFilterQuery(f), limit, cursor: f.cursor };
}
