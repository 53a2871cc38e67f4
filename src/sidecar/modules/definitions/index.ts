/**
 * Definitions: bundles of aggregates, projections, sagas and effect providers, validated and stored
 * immutably; what runs in each environment; promotion dev → staging → prod and revert to the last
 * known good bundle as jobs (`definitions.promote`, `definitions.revert`; prod waits for a second
 * person's approval); tenant overrides where a bundle's policy allows them.
 */
import { bindJobTypes, type JobsService, type ModuleJobs } from '../../jobs';
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import { definitionsMigrations } from './definitions.migrations';
import { definitionsRoutes } from './definitions.routes';
import { DefinitionsService } from './definitions.service';
import { definitionsPromote, definitionsRevert } from './jobs/definitionJobs';

type DefinitionsDeps = ModuleContext & {
  /** The job engine's service; app.ts creates it after the modules, so it is resolved on use. */
  jobs: () => JobsService;
};

export const definitionsModule: SidecarModule<DefinitionsDeps, object, ModuleJobs> = {
  name: 'definitions',
  migrations: definitionsMigrations,
  create({ db, mutations, jobs }) {
    const service = new DefinitionsService(db, mutations, jobs);
    return {
      exports: {},
      routes: definitionsRoutes(service),
      jobs: { types: bindJobTypes({ db, mutations }, [definitionsPromote, definitionsRevert]) },
    };
  },
};
