/**
 * Audit endpoints: search, count, hash-chain verification and bounded export of the audit log (audit:read,
 * audit:export: the Audit page), and the activity of one tenant or one job (activity:read: the tenant's
 * Activity tab and the job page, for every reader of tenants and jobs). Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  ActivityQuerySchema,
  AuditCountSchema,
  AuditExportQuerySchema,
  AuditFiltersSchema,
  AuditPageSchema,
  AuditVerifySchema,
  ListAuditQuerySchema,
} from './audit';
import { JobIdParamsSchema } from './jobs';
import { TenantIdParamsSchema } from './tenants';

export const auditEndpoints = {
  listAudit: def({
    method: 'GET',
    path: '/api/v1/audit',
    action: Actions.auditRead,
    summary: 'Search audit entries',
    query: ListAuditQuerySchema,
    response: AuditPageSchema,
  }),
  countAudit: def({
    method: 'GET',
    path: '/api/v1/audit/count',
    action: Actions.auditRead,
    summary: 'Count the audit entries matching a filter (and the export cap)',
    query: AuditFiltersSchema,
    response: AuditCountSchema,
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
  getTenantActivity: def({
    method: 'GET',
    path: '/api/v1/activity/tenants/:id',
    action: Actions.activityRead,
    summary: "A tenant's activity: audit entries about it and its jobs, newest first (404 outside the caller's scope)",
    params: TenantIdParamsSchema,
    query: ActivityQuerySchema,
    response: AuditPageSchema,
  }),
  getJobActivity: def({
    method: 'GET',
    path: '/api/v1/activity/jobs/:id',
    action: Actions.activityRead,
    summary: "A job's activity: the audit entries it wrote, newest first (404 outside the caller's scope)",
    params: JobIdParamsSchema,
    query: ActivityQuerySchema,
    response: AuditPageSchema,
  }),
} as const;
