/** Audit: search, verification and export of the audit chain every mutation appends to (kernel/audit). */
import type { ModuleContext, SidecarModule } from '../../kernel/module';
import { auditMigrations } from './audit.migrations';
import { auditRoutes } from './audit.routes';
import { AuditService } from './audit.service';

export const auditModule: SidecarModule<ModuleContext> = {
  name: 'audit',
  migrations: auditMigrations,
  create({ db, mutations }) {
    return { exports: {}, routes: auditRoutes(new AuditService(db, mutations)) };
  },
};
