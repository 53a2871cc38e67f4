/** `GET /api/v1/overview/tenants`: tenant counts by status and environment. */
import type { OverviewService } from './overview.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function overviewRoutes(overview: OverviewService): RouteHandlers {
  return {
    getTenantCounts: async () => overview.tenantCounts(),
  };
}
