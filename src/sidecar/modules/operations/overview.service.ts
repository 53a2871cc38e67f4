/** Tenant counts by status and environment for the overview page (one GROUP BY over indexed columns). */
import {
  ENVIRONMENTS,
  TENANT_STATUSES,
  type Environment,
  type TenantCounts,
  type TenantStatus,
} from '../../../contract';
import type { Db } from '../../kernel/database/schema';
import { tenantRowCondition, type TenantScope } from '../../kernel/scope';

export class OverviewService {
  constructor(private readonly db: Db) {}

  /** Counts only the tenants in `scope`. */
  async tenantCounts(scope: TenantScope): Promise<TenantCounts> {
    let q = this.db.selectFrom('tenants').select(['status', 'environment', (eb) => eb.fn.countAll<number>().as('n')]);
    const inScope = tenantRowCondition(scope);
    if (inScope) q = q.where(inScope);
    const rows = await q.groupBy(['status', 'environment']).execute();
    const byStatus = Object.fromEntries(TENANT_STATUSES.map((s) => [s, 0])) as Record<TenantStatus, number>;
    const byEnvironment = Object.fromEntries(ENVIRONMENTS.map((e) => [e, 0])) as Record<Environment, number>;
    let total = 0;
    for (const r of rows) {
      const n = Number(r.n);
      total += n;
      if (r.status in byStatus) byStatus[r.status as TenantStatus] += n;
      if (r.environment in byEnvironment) byEnvironment[r.environment as Environment] += n;
    }
    return { total, byStatus, byEnvironment };
  }
}
