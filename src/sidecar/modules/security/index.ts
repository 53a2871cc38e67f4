/**
 * Security log: the trust boundary's refusals (401/403), recorded apart from the audit chain and
 * readable by Auditors. app.ts hands `exports.record` to the registrar.
 */
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import type { Refusal } from '../../kernel/registrar';
import { securityMigrations } from './security.migrations';
import { securityRoutes } from './security.routes';
import { SecurityLog } from './security.service';

export interface SecurityExports {
  record(refusal: Refusal): void;
}

export const securityModule: SidecarModule<ModuleContext, SecurityExports> = {
  name: 'security',
  migrations: securityMigrations,
  create({ db, clock, logger, metrics }) {
    const log = new SecurityLog(db, clock, logger.child({ component: 'security' }), metrics);
    return {
      exports: { record: log.record },
      routes: securityRoutes(log),
      stop: () => log.flush(),
    };
  },
};
