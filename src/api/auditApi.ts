import type { AuditCount, AuditExportFormat, AuditFilterQuery, AuditVerify, SecurityEventPage } from '../contract';
import { proxyUrl } from '../shared/routing';
import { auditEndpoints } from '../contract/auditEndpoints';
import { securityEndpoints } from '../contract/securityEndpoints';
import { clientOf, serializeQuery, type QueryOf, type ResponseOf } from './client';

const callApi = clientOf({ ...auditEndpoints, ...securityEndpoints });

/**
 * The calls the audit page makes. Scenes depend on this interface so tests can hand them a fake;
 * the implementation forwards to `callApi`.
 */
export interface AuditApi {
  listAudit(query: QueryOf<'listAudit'>): Promise<ResponseOf<'listAudit'>>;
  countAudit(query: QueryOf<'countAudit'>): Promise<AuditCount>;
  verifyAudit(): Promise<AuditVerify>;
  listSecurityEvents(query: QueryOf<'listSecurityEvents'>): Promise<SecurityEventPage>;
}

export const auditApi: AuditApi = {
  listAudit: (query) => callApi('listAudit', { query }),
  countAudit: (query) => callApi('countAudit', { query }),
  verifyAudit: () => callApi('verifyAudit'),
  listSecurityEvents: (query) => callApi('listSecurityEvents', { query }),
};

/**
 * The export of `filters` as a file, through Grafana's plugin proxy (which checks audit:export).
 * A plain link: the browser streams the file to disk instead of holding it in memory.
 */
export function auditExportUrl(filters: AuditFilterQuery, format: AuditExportFormat): string {
  return proxyUrl(auditEndpoints.exportAudit.path) + serializeQuery({ ...filters, format });
}
