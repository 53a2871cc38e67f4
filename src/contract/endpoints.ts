import { z } from 'zod';
import { Actions, type Action } from './actions';
import { ApiErrorSchema } from './common';
import {
  ArchiveTenantSchema,
  BulkStatusChangeSchema,
  BulkStatusResultSchema,
  CreateTenantSchema,
  ListTenantsQuerySchema,
  TenantIdParamsSchema,
  TenantPageSchema,
  TenantSchema,
  TenantStatusChangeSchema,
  UpdateTenantSchema,
} from './tenants';
import { AuditExportQuerySchema, AuditPageSchema, AuditVerifySchema, ListAuditQuerySchema } from './audit';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointDef<
  P extends z.ZodTypeAny = z.ZodTypeAny,
  Q extends z.ZodTypeAny = z.ZodTypeAny,
  B extends z.ZodTypeAny = z.ZodTypeAny,
  R extends z.ZodTypeAny = z.ZodTypeAny,
> {
  method: HttpMethod;
  /** Sidecar path, fastify style (`/api/v1/tenants/:id`). The browser calls `/api/plugin-proxy/<id>` + this path. */
  path: string;
  /** RBAC action the plugin.json route requires and the sidecar re-checks. */
  action: Action;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; `null` for non-JSON responses (exports). */
  response: R | null;
  /** Requires an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Requires `If-Match: "<version>"`. */
  ifMatch?: boolean;
  /** HTTP status of a successful response; 200 when omitted. */
  successStatus?: number;
}

function def<P extends z.ZodTypeAny, Q extends z.ZodTypeAny, B extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  e: EndpointDef<P, Q, B, R>
): EndpointDef<P, Q, B, R> {
  return e;
}

/**
 * The one endpoint table. The sidecar registers exactly these routes; the browser client calls
 * only these; plugin.json `routes` are kept in agreement by a test (src/contract/pluginRoutes.test.ts).
 */
export const endpoints = {
  listTenants: def({
    method: 'GET',
    path: '/api/v1/tenants',
    action: Actions.tenantsRead,
    summary: 'List tenants with search, filters, sort and cursor pagination',
    query: ListTenantsQuerySchema,
    response: TenantPageSchema,
  }),
  createTenant: def({
    method: 'POST',
    path: '/api/v1/tenants',
    action: Actions.tenantsWrite,
    summary: 'Create a tenant',
    body: CreateTenantSchema,
    response: TenantSchema,
    idempotent: true,
    successStatus: 201,
  }),
  bulkTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/bulk-status',
    action: Actions.tenantsWrite,
    summary: 'Change the status of several tenants with one reason',
    body: BulkStatusChangeSchema,
    response: BulkStatusResultSchema,
  }),
  getTenant: def({
    method: 'GET',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsRead,
    summary: 'Get one tenant',
    params: TenantIdParamsSchema,
    response: TenantSchema,
  }),
  updateTenant: def({
    method: 'PATCH',
    path: '/api/v1/tenants/:id',
    action: Actions.tenantsWrite,
    summary: 'Update editable tenant fields (If-Match on the version)',
    params: TenantIdParamsSchema,
    body: UpdateTenantSchema,
    response: TenantSchema,
    ifMatch: true,
  }),
  changeTenantStatus: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/status',
    action: Actions.tenantsWrite,
    summary: 'Move a tenant through its lifecycle (reason required)',
    params: TenantIdParamsSchema,
    body: TenantStatusChangeSchema,
    response: TenantSchema,
  }),
  archiveTenant: def({
    method: 'POST',
    path: '/api/v1/tenants/:id/archive',
    action: Actions.tenantsWrite,
    summary: 'Archive a tenant (reason required)',
    params: TenantIdParamsSchema,
    body: ArchiveTenantSchema,
    response: TenantSchema,
  }),
  listAudit: def({
    method: 'GET',
    path: '/api/v1/audit',
    action: Actions.auditRead,
    summary: 'Search audit entries',
    query: ListAuditQuerySchema,
    response: AuditPageSchema,
  }),
  verifyAudit: def({
    method: 'GET',
    path: '/api/v1/audit/verify',
    action: Actions.auditRead,
    summary: 'Verify the audit hash chain and report the first broken link',
    response: AuditVerifySchema,
  }),
  exportAudit: def({
    method: 'GET',
    path: '/api/v1/audit/export',
    action: Actions.auditExport,
    summary: 'Bounded audit export as NDJSON or CSV',
    query: AuditExportQuerySchema,
    response: null,
  }),
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

export { ApiErrorSchema };

/** Fill `:param` placeholders of an endpoint path (values are URI-encoded). */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) {
      throw new Error(`missing path parameter ${k}`);
    }
    return encodeURIComponent(v);
  });
}
