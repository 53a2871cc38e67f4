/**
 * Entitlement rules (audited CRUD with optimistic concurrency) and the resolution of a caller's tenant
 * scope: entitlements off → everything; org Admin → everything; otherwise the union of the scopes of
 * the rules naming the caller's org role (or a lower one: Grafana roles include the ones below) or one
 * of their Grafana teams. Team membership comes from Grafana; when it cannot be read the request fails
 * with 503 rather than guessing.
 */
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  type EntitlementPreview,
  type EntitlementRule,
  type EntitlementRuleInput,
  type EntitlementRuleList,
  type EntitlementScope,
  type GrafanaTeamList,
  type MyEntitlements,
} from '../../../contract';
import type { EntitlementsConfig } from '../../kernel/config/entitlements';
import type { Db } from '../../kernel/database/schema';
import { DomainError, notFound } from '../../kernel/errors';
import type { MutationContext, Mutations } from '../../kernel/mutations';
import { ALL_TENANTS, type LimitedScope, type TenantScope } from '../../kernel/scope';
import type { Caller } from '../../kernel/trust/idToken';
import type { GrafanaTeamsClient } from '../../platform/grafanaTeams';
import {
  countScope,
  deleteRule,
  environmentsInScope,
  getRule,
  hasTeamRules,
  insertRule,
  listRules,
  replaceRule,
  rulesFor,
} from './entitlements.store';

const TARGET = 'entitlement_rule';
const PREVIEW_SAMPLE = 10;
/** Grafana's basic roles include the ones below them. */
const ROLES_COVERED: Record<string, readonly string[]> = {
  Viewer: ['Viewer'],
  Editor: ['Viewer', 'Editor'],
  Admin: ['Viewer', 'Editor', 'Admin'],
};

export interface Resolution {
  scope: TenantScope;
  basis: MyEntitlements['basis'];
  teams: readonly string[];
}

/** The union of rule scopes as one tenant scope. */
export function combineScopes(scopes: readonly EntitlementScope[]): TenantScope {
  const environments = new Set<string>();
  const tenantIds = new Set<string>();
  const labelSelectors: Array<Record<string, string>> = [];
  for (const s of scopes) {
    if (s.type === 'all') return ALL_TENANTS;
    if (s.type === 'environments') for (const e of s.environments) environments.add(e);
    if (s.type === 'tenants') for (const id of s.tenantIds) tenantIds.add(id);
    if (s.type === 'labels') labelSelectors.push({ ...s.labels });
  }
  const limited: LimitedScope = {
    all: false,
    environments: [...environments].sort(),
    labelSelectors,
    tenantIds: [...tenantIds].sort(),
  };
  return limited;
}

export class EntitlementsService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly config: EntitlementsConfig,
    private readonly teams: GrafanaTeamsClient | null
  ) {}

  /** The caller's tenant scope (what the registrar hands every handler). */
  async scopeOf(caller: Caller): Promise<TenantScope> {
    return (await this.resolve(caller)).scope;
  }

  async resolve(caller: Caller): Promise<Resolution> {
    if (!this.config.enforced) return { scope: ALL_TENANTS, basis: 'not_enforced', teams: [] };
    // The data source's own principal (alert evaluation, no human behind the query) reads everything.
    if (caller.type === 'datasource') return { scope: ALL_TENANTS, basis: 'service', teams: [] };
    if (caller.role === 'Admin') return { scope: ALL_TENANTS, basis: 'admin', teams: [] };
    const roles = ROLES_COVERED[caller.role ?? ''] ?? [];
    const teams = (await hasTeamRules(this.db)) ? await this.teamsOf(caller.login) : [];
    const rules = roles.length || teams.length ? await rulesFor(this.db, roles, teams) : [];
    const scope = combineScopes(rules.map((r) => r.scope));
    return { scope, basis: scope.all ? 'all_tenants' : 'rules', teams };
  }

  async me(caller: Caller): Promise<MyEntitlements> {
    const { scope, basis, teams } = await this.resolve(caller);
    const visible = (await environmentsInScope(this.db, scope)) as MyEntitlements['visibleEnvironments'];
    return {
      enforced: this.config.enforced,
      all: scope.all,
      basis,
      teams: [...teams].sort(),
      environments: scope.all ? [] : ([...scope.environments] as MyEntitlements['environments']),
      labelSelectors: scope.all ? [] : scope.labelSelectors.map((s) => ({ ...s })),
      tenantIds: scope.all ? [] : [...scope.tenantIds],
      visibleEnvironments: visible,
    };
  }

  async list(): Promise<EntitlementRuleList> {
    return { items: await listRules(this.db), enforced: this.config.enforced };
  }

  async preview(scope: EntitlementScope): Promise<EntitlementPreview> {
    return countScope(this.db, combineScopes([scope]), PREVIEW_SAMPLE);
  }

  async grafanaTeams(): Promise<GrafanaTeamList> {
    if (!this.teams) {
      throw new DomainError(
        ErrorCode.unavailable,
        'Grafana teams cannot be read: set SWITCHYARD_GRAFANA_SA_TOKEN to a service account token with teams:read'
      );
    }
    const teams = await this.teams.teams();
    return {
      items: teams
        .map((t) => ({ name: t.name, memberCount: t.memberCount }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async create(ctx: MutationContext, input: EntitlementRuleInput): Promise<EntitlementRule> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const ts = now.toISOString();
      const rule: EntitlementRule = {
        id: randomUUID(),
        ...input,
        version: 1,
        createdAt: ts,
        updatedAt: ts,
        updatedBy: ctx.actor.login,
      };
      await insertRule(trx, rule);
      await audit({
        action: 'entitlement.create',
        targetType: TARGET,
        targetId: rule.id,
        reason: null,
        outcome: 'success',
        details: { rule },
      });
      return rule;
    });
  }

  async update(
    ctx: MutationContext,
    id: string,
    expectedVersion: number,
    input: EntitlementRuleInput
  ): Promise<EntitlementRule> {
    return this.mutations.run(ctx, async (trx, { now, audit }) => {
      const current = await getRule(trx, id);
      if (!current) throw notFound('Entitlement rule', id);
      if (current.version !== expectedVersion) throw preconditionFailed(id, current.version);
      const next: EntitlementRule = {
        ...current,
        ...input,
        version: current.version + 1,
        updatedAt: now.toISOString(),
        updatedBy: ctx.actor.login,
      };
      if (!(await replaceRule(trx, next, expectedVersion))) throw preconditionFailed(id, current.version + 1);
      await audit({
        action: 'entitlement.update',
        targetType: TARGET,
        targetId: id,
        reason: null,
        outcome: 'success',
        details: {
          from: { subject: current.subject, scope: current.scope, description: current.description },
          to: { subject: next.subject, scope: next.scope, description: next.description },
          version: next.version,
        },
      });
      return next;
    });
  }

  async remove(ctx: MutationContext, id: string, expectedVersion: number): Promise<EntitlementRule> {
    return this.mutations.run(ctx, async (trx, { audit }) => {
      const current = await getRule(trx, id);
      if (!current) throw notFound('Entitlement rule', id);
      if (current.version !== expectedVersion) throw preconditionFailed(id, current.version);
      if (!(await deleteRule(trx, id, expectedVersion))) throw preconditionFailed(id, current.version + 1);
      await audit({
        action: 'entitlement.delete',
        targetType: TARGET,
        targetId: id,
        reason: null,
        outcome: 'success',
        details: { rule: current },
      });
      return current;
    });
  }

  private async teamsOf(login: string): Promise<readonly string[]> {
    if (!this.teams) {
      // Config refuses SWITCHYARD_ENTITLEMENTS=on without a token; never widen the scope if it happens anyway.
      throw new DomainError(ErrorCode.unavailable, 'Grafana team membership cannot be read right now');
    }
    return this.teams.teamsOf(login);
  }
}

function preconditionFailed(id: string, currentVersion: number): DomainError {
  return new DomainError(
    ErrorCode.preconditionFailed,
    `Entitlement rule ${id} has changed (now version ${currentVersion}); reload and retry`,
    { field: 'If-Match', details: { currentVersion } }
  );
}
