/**
 * Tenants as the platform's inventory reports them: the control plane's side of the inventory
 * comparison (every tenant's identity and status, in id order) and the audited write that makes one
 * tenant match the platform's registry entry — created `active` (the platform already runs it) or
 * its display name, plan, organization and application ids updated. Each write re-reads the tenant
 * in its transaction, so a replayed sync step writes nothing twice; environment changes and archived
 * tenants are refused (the inventory diff reports them as conflicts).
 */
import {
  DEFAULT_QUOTAS,
  ErrorCode,
  type Environment,
  type Plan,
  type Tenant,
  type TenantStatus,
} from '../../../contract';
import { DomainError } from '../../kernel/errors';
import { ALL_TENANTS } from '../../kernel/scope';
import type { Db } from '../../kernel/database/schema';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { getTenant, insertTenant, updateTenant } from './tenants.store';

export interface TenantIdentity {
  id: string;
  displayName: string;
  environment: Environment;
  plan: Plan;
  organizationId: string;
  applicationId: string;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

const SYNCED = ['displayName', 'plan', 'organizationId', 'applicationId'] as const;
const PAGE = 1000;

export class TenantImport {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations
  ) {}

  /** Every tenant's identity and status, in id order (read in pages of 1000). */
  async identities(): Promise<Array<TenantIdentity & { status: TenantStatus }>> {
    const out: Array<TenantIdentity & { status: TenantStatus }> = [];
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('tenants')
        .select(['id', 'display_name', 'environment', 'plan', 'organization_id', 'application_id', 'status'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const r of rows)
        out.push({
          id: r.id,
          displayName: r.display_name,
          environment: r.environment as Environment,
          plan: r.plan as Plan,
          organizationId: r.organization_id,
          applicationId: r.application_id,
          status: r.status as TenantStatus,
        });
      if (rows.length < PAGE) return out;
      after = rows[rows.length - 1].id;
    }
  }

  /** Makes the tenant match the platform's entry; audited (`tenant.import` / `tenant.sync`) in the same transaction. */
  async apply(ctx: MutationContext, entry: TenantIdentity, reason: string): Promise<ImportOutcome> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const current = await getTenant(trx, entry.id, ALL_TENANTS);
      const ts = now.toISOString();
      if (!current) {
        const tenant: Tenant = {
          ...entry,
          labels: { source: 'platform' },
          quotas: DEFAULT_QUOTAS,
          featureFlags: { killSwitch: false },
          contacts: [],
          status: 'active',
          version: 1,
          createdAt: ts,
          updatedAt: ts,
        };
        if (!(await insertTenant(trx, tenant)))
          throw new DomainError(ErrorCode.conflict, `Tenant ${entry.id} was created concurrently; run the sync again`);
        await audit({
          action: 'tenant.import',
          targetType: 'tenant',
          targetId: entry.id,
          reason,
          outcome: 'success',
          details: { tenant },
        });
        return 'created';
      }
      if (current.environment !== entry.environment)
        throw new DomainError(
          ErrorCode.conflict,
          `The platform runs ${entry.id} in ${entry.environment}, the control plane has it in ${current.environment}`,
          { field: 'environment' }
        );
      if (current.status === 'archived')
        throw new DomainError(ErrorCode.conflict, `Tenant ${entry.id} is archived`, { field: 'status' });
      const changed = SYNCED.filter((f) => current[f] !== entry[f]);
      if (changed.length === 0) return 'unchanged';
      const next: Tenant = {
        ...current,
        ...Object.fromEntries(changed.map((f) => [f, entry[f]])),
        version: current.version + 1,
        updatedAt: ts,
      };
      if (!(await updateTenant(trx, next, current.version, false)))
        throw new DomainError(ErrorCode.conflict, `Tenant ${entry.id} changed concurrently; run the sync again`);
      await audit({
        action: 'tenant.sync',
        targetType: 'tenant',
        targetId: entry.id,
        reason,
        outcome: 'success',
        details: {
          changes: Object.fromEntries(changed.map((f) => [f, { from: current[f], to: entry[f] }])),
          version: next.version,
        },
      });
      return 'updated';
    });
  }
}
