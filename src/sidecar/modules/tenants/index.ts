/** Tenants: the registry of tenants (CRUD, status transitions, bulk status) and the tenant job types. */
import { bindJobTypes, type ModuleJobs } from '../../jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { NodeAdminClient } from '../../platform/nodeAdmin';
import { tenantDrain, tenantUndrain } from './jobs/tenantDrain';
import { tenantResume, tenantSuspend } from './jobs/tenantKillSwitch';
import { tenantReconcile } from './jobs/tenantReconcile';
import { tenantsMigrations } from './tenants.migrations';
import { tenantsRoutes } from './tenants.routes';
import { TenantsService } from './tenants.service';
import { TenantImport } from './tenantImport';

export { tenantTarget } from './jobs/tenantDrain';
export type { TenantsService } from './tenants.service';
export type { ImportOutcome, TenantIdentity, TenantImport } from './tenantImport';

export const tenantsModule: SidecarModule<
  ModuleContext & { nodeAdmin: NodeAdminClient },
  { tenants: TenantsService; tenantImport: TenantImport },
  ModuleJobs
> = {
  name: 'tenants',
  migrations: tenantsMigrations,
  create({ db, mutations, clock, nodeAdmin }) {
    const tenants = new TenantsService(db, mutations, clock);
    return {
      exports: { tenants, tenantImport: new TenantImport(db, mutations) },
      routes: tenantsRoutes(tenants),
      jobs: {
        types: bindJobTypes({ tenants, nodeAdmin }, [
          tenantDrain,
          tenantUndrain,
          tenantSuspend,
          tenantResume,
          tenantReconcile,
        ]),
      },
    };
  },
};
