/** Tenant persistence: row mapping, keyset list query, optimistic-concurrency update. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tenant } from '../../../contract';
import { readJsonColumn } from '../../kernel/database/jsonColumns';
import type { Executor, TenantsTable } from '../../kernel/database/schema';
import { ShapedQueries, ValueMarkers } from '../../kernel/database/shapedQuery';
import { tenantRowCondition, type TenantScope } from '../../kernel/scope';

export const SORT_COLUMNS = {
  id: 'id',
  displayName: 'display_name',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  status: 'status',
} as const;
export type SortField = keyof typeof SORT_COLUMNS;

export interface TenantFilters {
  q?: string;
  status?: string[];
  environment?: string[];
  plan?: string[];
  label?: { key: string; value?: string };
}

export interface TenantListParams extends TenantFilters {
  sort: SortField;
  descending: boolean;
  /** Keyset boundary: rows strictly after (or before, when `backward`) this position in sort order. */
  boundary?: { value: string; id: string };
  backward: boolean;
  limit: number;
  /** Only tenants in this scope are ever read. */
  scope: TenantScope;
}

export function rowToTenant(r: TenantsTable): Tenant {
  return {
    id: r.id,
    displayName: r.display_name,
    plan: r.plan as Tenant['plan'],
    environment: r.environment as Tenant['environment'],
    organizationId: r.organization_id,
    applicationId: r.application_id,
    // Shared, frozen values: a page repeats the same few documents (kernel/database/jsonColumns.ts).
    labels: readJsonColumn(r.labels),
    quotas: readJsonColumn(r.quotas),
    featureFlags: readJsonColumn(r.feature_flags),
    contacts: readJsonColumn(r.contacts),
    status: r.status as Tenant['status'],
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The tenant as the list route sends it: the contract's fields in the contract's order (nothing else,
 * at any depth — the same shape the route's response serializer writes), as JSON text. Stored in the
 * `document` column by every write (tenantToRow), so a page is the stored texts joined.
 */
export function tenantDocument(t: Tenant): string {
  const { killSwitch, ...otherFlags } = t.featureFlags;
  return JSON.stringify({
    id: t.id,
    displayName: t.displayName,
    plan: t.plan,
    environment: t.environment,
    organizationId: t.organizationId,
    applicationId: t.applicationId,
    labels: t.labels,
    quotas: {
      requestsPerSecond: t.quotas.requestsPerSecond,
      storageGb: t.quotas.storageGb,
      maxConnections: t.quotas.maxConnections,
    },
    // Declared flag first, then the others (as the schema's serializer orders them).
    featureFlags: { killSwitch, ...otherFlags },
    contacts: t.contacts.map((c) => ({ name: c.name, email: c.email, role: c.role })),
    status: t.status,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  });
}

export function tenantToRow(t: Tenant): TenantsTable {
  return {
    id: t.id,
    display_name: t.displayName,
    plan: t.plan,
    environment: t.environment,
    organization_id: t.organizationId,
    application_id: t.applicationId,
    status: t.status,
    version: t.version,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    labels: JSON.stringify(t.labels),
    quotas: JSON.stringify(t.quotas),
    feature_flags: JSON.stringify(t.featureFlags),
    contacts: JSON.stringify(t.contacts),
    document: tenantDocument(t),
  };
}

/** The value a tenant sorts by, as stored (all sort columns are text). */
export function sortValue(t: Tenant, field: SortField): string {
  return String(t[field]);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The tenant, if it exists and is in `scope` (a tenant outside the scope reads as missing). */
export async function getTenant(ex: Executor, id: string, scope: TenantScope): Promise<Tenant | undefined> {
  let q = ex.selectFrom('tenants').selectAll().where('id', '=', id);
  const cond = tenantRowCondition(scope);
  if (cond) q = q.where(cond);
  const row = await q.executeTakeFirst();
  return row ? rowToTenant(row) : undefined;
}

async function writeLabels(ex: Executor, t: Tenant): Promise<void> {
  await ex.deleteFrom('tenant_labels').where('tenant_id', '=', t.id).execute();
  const rows = Object.entries(t.labels).map(([key, value]) => ({ tenant_id: t.id, key, value }));
  if (rows.length > 0) {
    await ex.insertInto('tenant_labels').values(rows).execute();
  }
}

/** Inserts a tenant; returns false when the id is already taken. */
export async function insertTenant(ex: Executor, t: Tenant): Promise<boolean> {
  const res = await ex
    .insertInto('tenants')
    .values(tenantToRow(t))
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) {
    return false;
  }
  await writeLabels(ex, t);
  return true;
}

/** Writes `next` if the stored version is still `expectedVersion`; returns false otherwise. */
export async function updateTenant(
  ex: Executor,
  next: Tenant,
  expectedVersion: number,
  labelsChanged: boolean
): Promise<boolean> {
  const { id, created_at: _created, ...row } = tenantToRow(next);
  const res = await ex
    .updateTable('tenants')
    .set(row)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    return false;
  }
  if (labelsChanged) {
    await writeLabels(ex, next);
  }
  return true;
}

/**
 * A list request as the list query reads it: the search text already as its LIKE pattern, and every
 * value replaced by a marker (ShapedQueries), so the query is built and compiled once per shape.
 */
type ListShape = Omit<TenantListParams, 'q' | 'boundary'> & {
  like?: string;
  /** The sort value is compared only when sorting by another column than id. */
  boundary?: { value?: string; id: string };
};

function markList(p: TenantListParams): { marked: ListShape; markers: ValueMarkers } {
  const m = new ValueMarkers();
  const scope: TenantScope = p.scope.all
    ? p.scope
    : {
        all: false,
        environments: m.markAll(p.scope.environments),
        tenantIds: m.markAll(p.scope.tenantIds),
        // Label keys stay in the shape: selectors of one key become one condition (tenantRowCondition).
        labelSelectors: p.scope.labelSelectors.map((sel) =>
          Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, m.mark(v)]))
        ),
      };
  const marked: ListShape = {
    sort: p.sort,
    descending: p.descending,
    backward: p.backward,
    scope,
    like: p.q ? m.mark(`%${escapeLike(p.q.toLowerCase())}%`) : undefined,
    status: p.status?.length ? m.markAll(p.status) : undefined,
    environment: p.environment?.length ? m.markAll(p.environment) : undefined,
    plan: p.plan?.length ? m.markAll(p.plan) : undefined,
    label: p.label
      ? { key: m.mark(p.label.key), value: p.label.value === undefined ? undefined : m.mark(p.label.value) }
      : undefined,
    boundary: p.boundary
      ? {
          value: SORT_COLUMNS[p.sort] === 'id' ? undefined : m.mark(p.boundary.value),
          id: m.mark(p.boundary.id),
        }
      : undefined,
    // Unmarked, so SQLite gets it written into the SQL (literalLimits.ts) and the shape's key holds it.
    limit: p.limit,
  };
  return { marked, markers: m };
}

/** The list query for `p`, without its select list (the scope is part of the WHERE clause). */
function listQuery(ex: Executor, p: ListShape) {
  const col = SORT_COLUMNS[p.sort];
  const desc = p.descending !== p.backward;
  let q = ex.selectFrom('tenants');
  // A page in index order: test each row met rather than reading the whole scope first.
  const inScope = tenantRowCondition(p.scope, 'tenants', 'probe');
  if (inScope) q = q.where(inScope);
  if (p.like !== undefined) {
    q = q.where(sql<SqlBool>`(id like ${p.like} escape '\\' or lower(display_name) like ${p.like} escape '\\')`);
  }
  if (p.status?.length) q = q.where('status', 'in', p.status);
  if (p.environment?.length) q = q.where('environment', 'in', p.environment);
  if (p.plan?.length) q = q.where('plan', 'in', p.plan);
  if (p.label) {
    const { key, value } = p.label;
    q = q.where(({ exists, selectFrom }) => {
      let sub = selectFrom('tenant_labels')
        .select(sql`1`.as('one'))
        .whereRef('tenant_labels.tenant_id', '=', 'tenants.id')
        .where('key', '=', key);
      if (value !== undefined) sub = sub.where('value', '=', value);
      return exists(sub);
    });
  }
  if (p.boundary) {
    const op = sql.raw(desc ? '<' : '>');
    const { value, id } = p.boundary;
    const cond: Expression<SqlBool> =
      value === undefined ? sql<SqlBool>`id ${op} ${id}` : sql<SqlBool>`(${sql.ref(col)}, id) ${op} (${value}, ${id})`;
    q = q.where(cond);
  }
  const dir = desc ? 'desc' : 'asc';
  q = col === 'id' ? q.orderBy('id', dir) : q.orderBy(col, dir).orderBy('id', dir);
  return q.limit(p.limit);
}

/** List queries by shape (sort, direction, which filters and how many values, scope). */
const listShapes = new ShapedQueries();

export async function listTenants(ex: Executor, p: TenantListParams): Promise<Tenant[]> {
  const { marked, markers } = markList(p);
  const rows = await listShapes.execute(ex, { select: 'all', ...marked }, markers, () =>
    listQuery(ex, marked).selectAll()
  );
  return rows.map(rowToTenant);
}

/** One listed tenant as stored: its position (sort value, id) and its document (tenantDocument). */
export interface TenantDocumentRow {
  id: string;
  sortValue: string;
  document: string;
}

/** The same page as listTenants, as stored documents: no JSON column is parsed, no tenant built. */
export async function listTenantDocuments(ex: Executor, p: TenantListParams): Promise<TenantDocumentRow[]> {
  const { marked, markers } = markList(p);
  return listShapes.execute(ex, { select: 'documents', ...marked }, markers, () =>
    listQuery(ex, marked).select(['id', sql.ref<string>(SORT_COLUMNS[marked.sort]).as('sortValue'), 'document'])
  );
}

/** The tenants with these ids (those that exist), in no particular order. */
/** The tenants among `ids` that exist and are in `scope`. */
export async function getTenants(ex: Executor, ids: string[], scope: TenantScope): Promise<Tenant[]> {
  if (ids.length === 0) return [];
  let q = ex.selectFrom('tenants').selectAll().where('id', 'in', ids);
  const cond = tenantRowCondition(scope);
  if (cond) q = q.where(cond);
  const rows = await q.execute();
  return rows.map(rowToTenant);
}

/** Jobs still active (awaiting approval, queued, running) on these tenants: a read of the engine's table for plans. */
export async function activeJobsOf(
  ex: Executor,
  ids: string[]
): Promise<Array<{ tenantId: string; id: string; type: string; status: string }>> {
  if (ids.length === 0) return [];
  const rows = await ex
    .selectFrom('jobs')
    .select(['id', 'type', 'status', 'tenant_id'])
    .where('active', '=', 1)
    .where('tenant_id', 'in', ids)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id as string, id: r.id, type: r.type, status: r.status }));
}
