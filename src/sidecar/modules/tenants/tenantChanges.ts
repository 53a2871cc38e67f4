/**
 * The rules of every tenant change, as pure functions: what a create, edit, status change or archive
 * would change, which checks decide whether it is accepted, and what the operator should know. The
 * plan endpoint shows their result; the mutations apply the same functions, so a plan that is not
 * blocked is a change the sidecar accepts (unless the tenant changes in between).
 */
import {
  PLANS,
  allowedNextStatuses,
  isLegalTransition,
  type CreateTenant,
  type DiffEntry,
  type FeatureFlags,
  type PreflightCheck,
  type Tenant,
  type TenantChangeKind,
  type TenantPlan,
  type TenantPlanTarget,
  type TenantPlanWarning,
  type TenantStatus,
  type UpdateTenant,
} from '../../../contract';

/** What the plan knows about a tenant besides its record. */
export interface TenantSurroundings {
  placements: TenantPlanTarget['placements'];
  activeJobs: TenantPlanTarget['activeJobs'];
}

export const NO_SURROUNDINGS: TenantSurroundings = { placements: [], activeJobs: [] };

const RESOURCE = 'tenant';
const EDITABLE = ['displayName', 'plan', 'labels', 'quotas', 'featureFlags', 'contacts'] as const;

// ---- the effects the mutations apply --------------------------------------------------------------

/** Suspending trips the kill switch; resuming (suspended → active) clears it. */
export function flagsAfterStatus(current: Tenant, to: TenantStatus): FeatureFlags {
  const flags = { ...current.featureFlags };
  if (to === 'suspended') flags.killSwitch = true;
  if (current.status === 'suspended' && to === 'active') flags.killSwitch = false;
  return flags;
}

/** The tenant after `patch` (version and timestamp are the mutation's). */
export function applyEdit(current: Tenant, patch: UpdateTenant): Tenant {
  return { ...current, ...patch };
}

// ---- diffs --------------------------------------------------------------------------------------

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function recordDiff(
  field: string,
  from: Record<string, unknown> | null,
  to: Record<string, unknown> | null
): DiffEntry[] {
  const keys = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])].sort();
  return keys
    .filter((k) => !same(from?.[k], to?.[k]))
    .map((k) => ({ resource: RESOURCE, field: `${field}.${k}`, from: from?.[k] ?? null, to: to?.[k] ?? null }));
}

/** Field-by-field changes between two versions of a tenant (records per key, the rest whole). */
export function tenantDiff(from: Partial<Tenant> | null, to: Partial<Tenant>): DiffEntry[] {
  const out: DiffEntry[] = [];
  const fields = [
    'displayName',
    'plan',
    'environment',
    'organizationId',
    'applicationId',
    'labels',
    'quotas',
    'featureFlags',
    'contacts',
    'status',
  ] as const;
  for (const f of fields) {
    if (!(f in to)) continue;
    const a = from?.[f];
    const b = to[f];
    if (f === 'labels' || f === 'quotas' || f === 'featureFlags') {
      out.push(...recordDiff(f, (a ?? null) as Record<string, unknown> | null, b as Record<string, unknown>));
    } else if (!same(a, b)) {
      out.push({ resource: RESOURCE, field: f, from: a ?? null, to: b ?? null });
    }
  }
  return out;
}

// ---- checks and warnings ------------------------------------------------------------------------

function check(name: string, ok: boolean, message: string, measured: unknown, threshold?: unknown): PreflightCheck {
  return threshold === undefined ? { name, ok, message, measured } : { name, ok, message, measured, threshold };
}

function existsCheck(id: string, current: Tenant | null): PreflightCheck {
  return check(
    'tenant exists',
    current !== null,
    current ? `Tenant ${id} exists` : `Tenant ${id} was not found`,
    current !== null
  );
}

function jobWarnings(s: TenantSurroundings): TenantPlanWarning[] {
  return s.activeJobs.map((j) => ({
    code: 'active_job',
    message: `Job ${j.id} (${j.type}) is ${j.status.replace('_', ' ')} on this tenant and may change it again`,
  }));
}

function contactWarnings(contacts: CreateTenant['contacts']): TenantPlanWarning[] {
  if (contacts.length === 0) {
    return [
      { code: 'no_contacts', field: 'contacts', message: 'No contacts: nobody is named to call about this tenant' },
    ];
  }
  if (!contacts.some((c) => c.role === 'owner')) {
    return [
      {
        code: 'no_owner',
        field: 'contacts',
        message: 'No contact has the owner role: add one who decides for the tenant',
      },
    ];
  }
  return [];
}

function target(
  id: string,
  current: Tenant | null,
  parts: {
    to?: TenantStatus | null;
    changes: DiffEntry[];
    checks: PreflightCheck[];
    warnings: TenantPlanWarning[];
    surroundings: TenantSurroundings;
  }
): TenantPlanTarget {
  const blocked = parts.checks.some((c) => !c.ok);
  const unchanged = !blocked && parts.changes.length === 0;
  return {
    id,
    exists: current !== null,
    from: current?.status ?? null,
    to: parts.to ?? current?.status ?? null,
    version: current?.version ?? null,
    changes: parts.changes,
    checks: parts.checks,
    warnings: unchanged ? [{ code: 'no_change', message: 'Nothing would change' }, ...parts.warnings] : parts.warnings,
    blocked,
    unchanged,
    placements: parts.surroundings.placements,
    activeJobs: parts.surroundings.activeJobs,
  };
}

// ---- plans, one per kind of change ----------------------------------------------------------------

/**
 * What a create naming a taken id is told, by the plan and by the create alike. Tenant ids are one
 * namespace across every scope, so that the id is taken cannot be hidden (a free id succeeds); the
 * answer says only that, in the same words whoever holds the id and whether or not the caller may see
 * that tenant — never its environment, labels, status or version.
 */
export const idUnavailable = (id: string) => `Tenant id ${id} is not available: pick another id`;

/** `taken`: a tenant with this id exists, in the caller's scope or not. */
export function planCreate(input: CreateTenant, taken: boolean): TenantPlanTarget {
  const checks = [
    check('id is free', !taken, taken ? idUnavailable(input.id) : `Tenant id ${input.id} is available`, taken),
  ];
  const warnings: TenantPlanWarning[] = [...contactWarnings(input.contacts)];
  if (input.featureFlags.killSwitch) {
    warnings.push({
      code: 'kill_switch_on',
      field: 'featureFlags.killSwitch',
      message: 'The kill switch is on: the tenant takes no traffic until it is turned off',
    });
  }
  if (input.environment === 'prod' && input.plan === 'free') {
    warnings.push({ code: 'free_in_prod', field: 'plan', message: 'A free plan in prod has no support commitment' });
  }
  const created: Partial<Tenant> = { ...input, status: 'provisioning' };
  return target(input.id, null, {
    to: 'provisioning',
    changes: tenantDiff(null, created),
    checks,
    warnings,
    surroundings: NO_SURROUNDINGS,
  });
}

function editChecks(current: Tenant, expectedVersion: number, next: Tenant): PreflightCheck[] {
  const upToDate = current.version === expectedVersion;
  const archived = current.status === 'archived';
  const clearsWhileSuspended =
    current.featureFlags.killSwitch && !next.featureFlags.killSwitch && current.status === 'suspended';
  return [
    existsCheck(current.id, current),
    check(
      'version is current',
      upToDate,
      upToDate
        ? `Based on version ${expectedVersion}, the current one`
        : `Someone changed the tenant since version ${expectedVersion} (now ${current.version}): reload and reapply`,
      current.version,
      expectedVersion
    ),
    check(
      'tenant is not archived',
      !archived,
      archived ? 'An archived tenant is read-only' : 'The tenant can be edited',
      current.status
    ),
    check(
      'kill switch follows the status',
      !clearsWhileSuspended,
      clearsWhileSuspended
        ? 'The tenant is suspended: resume it (status → active) to clear the kill switch'
        : 'The kill switch agrees with the status',
      next.featureFlags.killSwitch
    ),
  ];
}

function editWarnings(current: Tenant, next: Tenant, patch: UpdateTenant): TenantPlanWarning[] {
  const warnings: TenantPlanWarning[] = [];
  if (!current.featureFlags.killSwitch && next.featureFlags.killSwitch) {
    warnings.push({
      code: 'kill_switch_on',
      field: 'featureFlags.killSwitch',
      message: "Turning the kill switch on stops all of the tenant's traffic at once",
    });
  }
  if (PLANS.indexOf(next.plan) < PLANS.indexOf(current.plan)) {
    warnings.push({
      code: 'plan_downgrade',
      field: 'plan',
      message: `Downgrade from ${current.plan} to ${next.plan}: check the quotas fit the smaller plan`,
    });
  }
  for (const [k, v] of Object.entries(next.quotas) as Array<[keyof Tenant['quotas'], number]>) {
    if (v < current.quotas[k]) {
      warnings.push({
        code: 'quota_lowered',
        field: `quotas.${k}`,
        message: `${k} goes down from ${current.quotas[k]} to ${v}: usage above it is refused, not deleted`,
      });
    }
  }
  const removed = Object.keys(current.labels).filter((k) => !(k in next.labels));
  if (removed.length > 0) {
    warnings.push({
      code: 'labels_removed',
      field: 'labels',
      message: `Label${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed: filters and dashboards using them stop matching`,
    });
  }
  if (patch.contacts) warnings.push(...contactWarnings(patch.contacts));
  return warnings;
}

export function planEdit(
  id: string,
  current: Tenant | null,
  expectedVersion: number,
  patch: UpdateTenant,
  surroundings: TenantSurroundings
): TenantPlanTarget {
  if (!current) {
    return target(id, null, { changes: [], checks: [existsCheck(id, null)], warnings: [], surroundings });
  }
  const next = applyEdit(current, patch);
  const edited = Object.fromEntries(EDITABLE.filter((f) => f in patch).map((f) => [f, next[f]])) as Partial<Tenant>;
  return target(id, current, {
    changes: tenantDiff(current, edited),
    checks: editChecks(current, expectedVersion, next),
    warnings: [...editWarnings(current, next, patch), ...jobWarnings(surroundings)],
    surroundings,
  });
}

export function planStatus(
  id: string,
  current: Tenant | null,
  to: TenantStatus,
  surroundings: TenantSurroundings
): TenantPlanTarget {
  if (!current) {
    return target(id, null, { to, changes: [], checks: [existsCheck(id, null)], warnings: [], surroundings });
  }
  const legal = isLegalTransition(current.status, to);
  const allowed = [...allowedNextStatuses(current.status)];
  const checks = [
    existsCheck(id, current),
    check(
      'transition is allowed',
      legal,
      legal
        ? `${current.status} → ${to} is allowed`
        : current.status === to
          ? `The tenant already is ${to}`
          : `A ${current.status} tenant cannot become ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (archived is final)'}`,
      current.status,
      allowed
    ),
  ];
  const changes = legal ? tenantDiff(current, { status: to, featureFlags: flagsAfterStatus(current, to) }) : [];
  const warnings: TenantPlanWarning[] = [];
  if (legal) {
    if (to === 'suspended') {
      warnings.push({
        code: 'kill_switch_on',
        field: 'to',
        message: "The kill switch turns on: all of the tenant's traffic stops",
      });
    }
    if (current.status === 'suspended' && to === 'active') {
      warnings.push({ code: 'kill_switch_off', field: 'to', message: 'The kill switch turns off: traffic resumes' });
    }
    if (to === 'archived') {
      warnings.push({
        code: 'archive_final',
        field: 'to',
        message: 'Archived is final: the tenant can never change again',
      });
      if (surroundings.placements.length > 0) {
        warnings.push({
          code: 'still_placed',
          message: `Still placed on ${surroundings.placements.length} shard(s) (${surroundings.placements
            .map((p) => `${p.kind} ${p.shardId}`)
            .join(', ')}): archiving does not free them`,
        });
      }
    }
    if (to === 'draining' || to === 'migrating') {
      warnings.push({
        code: 'status_only',
        field: 'to',
        message: `This only records ${to}: run the ${to === 'draining' ? 'Drain' : 'Migrate'} action to move traffic`,
      });
    }
    warnings.push(...jobWarnings(surroundings));
  }
  return target(id, current, { to, changes, checks, warnings, surroundings });
}

// ---- the plan -----------------------------------------------------------------------------------

export function summarizePlan(
  kind: TenantChangeKind,
  now: Date,
  targets: TenantPlanTarget[],
  to?: TenantStatus
): TenantPlan {
  const blocked = targets.filter((t) => t.blocked).length;
  const unchanged = targets.filter((t) => t.unchanged).length;
  const change = targets.length - blocked - unchanged;
  const counts = { total: targets.length, change, unchanged, blocked };
  const outcome = [
    change ? `${change} change${change === 1 ? '' : 's'}` : '',
    unchanged ? `${unchanged} already as asked` : '',
    blocked ? `${blocked} refused` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const one = targets[0]?.id ?? '';
  const what =
    kind === 'create'
      ? `Create tenant ${one}`
      : kind === 'edit'
        ? `Edit tenant ${one}`
        : kind === 'archive'
          ? `Archive tenant ${one}`
          : kind === 'status'
            ? `Move tenant ${one} to ${to}`
            : `Move ${targets.length} tenant${targets.length === 1 ? '' : 's'} to ${to}`;
  return {
    kind,
    plannedAt: now.toISOString(),
    summary: `${what}: ${outcome || 'nothing to do'}`,
    targets,
    counts,
    blocked: targets.length > 0 && blocked === targets.length,
  };
}
