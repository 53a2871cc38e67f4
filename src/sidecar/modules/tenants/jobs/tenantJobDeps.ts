import type { EngineDeps } from '../../../jobs/jobType';
import type { NodeAdminClient } from '../../../platform/nodeAdmin';
import type { TenantsService } from '../tenants.service';

/** What tenant job types need besides the engine's deps. */
export type TenantJobDeps = EngineDeps & { tenants: TenantsService; nodeAdmin: NodeAdminClient };
