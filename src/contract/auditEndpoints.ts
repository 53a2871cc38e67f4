/**
 * Audit endpoints: search, count, hash-chain verification and bounded export of the audit log. Spread into
 * `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  AuditCountSchema,
  AuditExportQuerySchema,
  AuditFiltersSchema,
  AuditPageSchema,
  AuditVerifySchema,
  ListAuditQuerySchema,
} from './audit';

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
} as const;
