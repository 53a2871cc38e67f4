/**
 * Versioned config: typed documents per kind and scope (default / environment / plan / tenant),
 * append-only versions, diff, preview on affected tenants, the staged `config.apply` job, rollback,
 * and every tenant's effective config with the source of each key.
 */
import { bindJobTypes, type JobsService, type ModuleJobs } from '../../jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { TenantsService } from '../tenants';
import { configMigrations } from './config.migrations';
import { configRoutes } from './config.routes';
import { ConfigService } from './config.service';
import { configApply } from './jobs/configApply';

type ConfigDeps = ModuleContext & { tenants: TenantsService; jobs: () => JobsService };

export const configModule: SidecarModule<ConfigDeps, object, ModuleJobs> = {
  name: 'config',
  migrations: configMigrations,
  create({ db, mutations, tenants, jobs }) {
    const service = new ConfigService(db, mutations, tenants, jobs);
    return {
      exports: {},
      routes: configRoutes(service),
      jobs: { types: bindJobTypes({ db, mutations }, [configApply]) },
    };
  },
};
