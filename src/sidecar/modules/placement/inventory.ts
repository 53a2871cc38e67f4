/**
 * The inventory diff, pure: what the platform reports (tenant registry + node inventory) against
 * what the control plane holds (tenants, shards, assignments). The preview, the `inventory.sync`
 * job's steps and its verification all compute it the same way from fresh reads, so a replayed step
 * only ever does what is still left. Rules:
 * - tenants: created when unknown; display name, plan, organization and application ids follow
 *   the platform; a different environment, or an archived tenant the platform still runs, is a
 *   conflict (never rewritten by a sync).
 * - shards: created when unknown; region, capacity, version and the `env` label follow the platform;
 *   the status stays the control plane's (cordons are decisions, not inventory).
 * - placements: created when missing, moved when the platform runs the tenant elsewhere; a shard the
 *   platform does not list, of another kind or another environment than the tenant, is a conflict.
 * - nothing is deleted: what only the control plane holds is listed as missing.
 */
import type {
  Assignment,
  Environment,
  FieldChange,
  InventoryChange,
  InventoryConflict,
  InventoryDiff,
  PlacementChange,
  Plan,
  ServiceKind,
  Shard,
  ShardStatus,
  TenantStatus,
} from '../../../contract';
import type { RegistryRead, RegistryTenant } from '../../platform/tenantRegistry';

export interface PlatformInventory {
  tenants: RegistryTenant[];
  shards: Array<{
    id: string;
    kind: ServiceKind;
    env?: string;
    region: string;
    capacityRps: number;
    version: string;
    status: ShardStatus;
  }>;
  /** Registry entries that did not parse. */
  rejected: RegistryRead['rejected'];
}

export interface ControlPlaneTenant {
  id: string;
  displayName: string;
  environment: Environment;
  plan: Plan;
  organizationId: string;
  applicationId: string;
  status: TenantStatus;
}

export interface ControlPlaneInventory {
  tenants: ControlPlaneTenant[];
  shards: Shard[];
  assignments: Array<Pick<Assignment, 'tenantId' | 'kind' | 'shardId'>>;
}

/** The tenant fields a sync keeps equal to the platform's. */
export const SYNCED_TENANT_FIELDS = ['displayName', 'plan', 'organizationId', 'applicationId'] as const;

const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffInventory(platform: PlatformInventory, cp: ControlPlaneInventory): InventoryDiff {
  const conflicts: InventoryConflict[] = platform.rejected.map((r) => ({
    resource: `tenant ${r.tenantId ?? '(no id)'}`,
    reason: `The platform registry entry is not a valid tenant: ${r.reason}`,
  }));
  const shards = diffShards(platform, cp);
  const tenants = diffTenants(platform, cp, conflicts);
  const blockedTenants = new Set(
    conflicts.filter((c) => c.resource.startsWith('tenant ')).map((c) => c.resource.slice('tenant '.length))
  );
  const placements = diffPlacements(platform, cp, blockedTenants, conflicts);
  return { tenants, shards, placements, conflicts };
}

function diffShards(platform: PlatformInventory, cp: ControlPlaneInventory): InventoryDiff['shards'] {
  const ours = byId(cp.shards);
  const out: InventoryDiff['shards'] = { create: [], update: [], unchanged: 0, missing: [] };
  for (const p of [...platform.shards].sort((a, b) => cmp(a.id, b.id))) {
    const env = environmentOf(p.env);
    const s = ours.get(p.id);
    if (!s) {
      out.create.push({
        id: p.id,
        environment: env,
        changes: [
          { field: 'kind', from: null, to: p.kind },
          { field: 'region', from: null, to: p.region },
          { field: 'capacity', from: null, to: p.capacityRps },
          { field: 'version', from: null, to: p.version },
          { field: 'status', from: null, to: p.status },
          ...(p.env ? [{ field: 'labels.env', from: null, to: p.env }] : []),
        ],
      });
      continue;
    }
    const changes: FieldChange[] = [];
    if (s.region !== p.region) changes.push({ field: 'region', from: s.region, to: p.region });
    if (s.capacity !== p.capacityRps) changes.push({ field: 'capacity', from: s.capacity, to: p.capacityRps });
    if (s.version !== p.version) changes.push({ field: 'version', from: s.version, to: p.version });
    if (p.env && s.labels.env !== p.env) changes.push({ field: 'labels.env', from: s.labels.env ?? null, to: p.env });
    if (changes.length) out.update.push({ id: p.id, environment: env, changes });
    else out.unchanged++;
  }
  const theirs = new Set(platform.shards.map((s) => s.id));
  out.missing = cp.shards
    .filter((s) => !theirs.has(s.id))
    .map((s) => s.id)
    .sort(cmp);
  return out;
}

function diffTenants(
  platform: PlatformInventory,
  cp: ControlPlaneInventory,
  conflicts: InventoryConflict[]
): InventoryDiff['tenants'] {
  const ours = byId(cp.tenants);
  const out: InventoryDiff['tenants'] = { create: [], update: [], unchanged: 0, missing: [] };
  for (const p of [...platform.tenants].sort((a, b) => cmp(a.id, b.id))) {
    const t = ours.get(p.id);
    if (!t) {
      out.create.push({
        id: p.id,
        environment: p.environment,
        changes: [
          { field: 'environment', from: null, to: p.environment },
          ...SYNCED_TENANT_FIELDS.map((f) => ({ field: f, from: null, to: p[f] })),
          { field: 'status', from: null, to: 'active' },
        ],
      });
      continue;
    }
    if (t.environment !== p.environment) {
      conflicts.push({
        resource: `tenant ${p.id}`,
        reason: `The platform runs ${p.id} in ${p.environment}, the control plane has it in ${t.environment}; a sync never moves a tenant between environments. Recreate the tenant in the right environment.`,
      });
      continue;
    }
    if (t.status === 'archived') {
      conflicts.push({
        resource: `tenant ${p.id}`,
        reason: `${p.id} is archived here but the platform still runs it. Decommission it on the platform, or register it again under a new id.`,
      });
      continue;
    }
    const changes: FieldChange[] = SYNCED_TENANT_FIELDS.filter((f) => t[f] !== p[f]).map((f) => ({
      field: f,
      from: t[f],
      to: p[f],
    }));
    if (changes.length) out.update.push({ id: p.id, environment: p.environment, changes });
    else out.unchanged++;
  }
  const theirs = new Set(platform.tenants.map((t) => t.id));
  out.missing = cp.tenants
    .filter((t) => !theirs.has(t.id) && t.status !== 'archived')
    .map((t) => t.id)
    .sort(cmp);
  return out;
}

function diffPlacements(
  platform: PlatformInventory,
  cp: ControlPlaneInventory,
  blockedTenants: Set<string>,
  conflicts: InventoryConflict[]
): InventoryDiff['placements'] {
  const shards = byId(platform.shards);
  const ours = new Map(cp.assignments.map((a) => [`${a.tenantId}|${a.kind}`, a.shardId]));
  const out: InventoryDiff['placements'] = { create: [], update: [], unchanged: 0, missing: [] };
  const reported = new Set<string>();
  for (const t of [...platform.tenants].sort((a, b) => cmp(a.id, b.id))) {
    for (const [kind, shardId] of Object.entries(t.placement).sort(([a], [b]) => cmp(a, b)) as Array<
      [ServiceKind, string]
    >) {
      const key = `${t.id}|${kind}`;
      reported.add(key);
      if (blockedTenants.has(t.id)) continue;
      const shard = shards.get(shardId);
      const problem = !shard
        ? `the platform places it on ${shardId}, which its node inventory does not list`
        : shard.kind !== kind
          ? `the platform places it on ${shardId}, a ${shard.kind} shard`
          : shard.env && shard.env !== t.environment
            ? `the platform places it on ${shardId} in ${shard.env}, but the tenant is in ${t.environment}`
            : null;
      if (problem) {
        conflicts.push({ resource: `placement ${t.id}/${kind}`, reason: `Not imported: ${problem}.` });
        continue;
      }
      const current = ours.get(key);
      const change: PlacementChange = { tenantId: t.id, kind, from: current ?? null, to: shardId };
      if (current === undefined) out.create.push(change);
      else if (current !== shardId) out.update.push(change);
      else out.unchanged++;
    }
  }
  out.missing = cp.assignments
    .filter((a) => !reported.has(`${a.tenantId}|${a.kind}`))
    .map((a) => ({ tenantId: a.tenantId, kind: a.kind, shardId: a.shardId }))
    .sort((a, b) => cmp(`${a.tenantId}|${a.kind}`, `${b.tenantId}|${b.kind}`));
  return out;
}

function environmentOf(env: string | undefined): Environment | null {
  return env === 'dev' || env === 'staging' || env === 'prod' ? env : null;
}

/** True when applying the diff would write anything. */
export function hasChanges(d: InventoryDiff): boolean {
  return (
    d.tenants.create.length + d.tenants.update.length + d.shards.create.length + d.shards.update.length > 0 ||
    d.placements.create.length + d.placements.update.length > 0
  );
}

/** The diff as the job plan shows it (resource, field, from, to): one entry per created record, one per changed field. */
export function diffEntries(d: InventoryDiff, limit = 200) {
  const created = (prefix: string, xs: InventoryChange[]) =>
    xs.map((x) => ({
      resource: `${prefix} ${x.id}`,
      field: 'created',
      from: null,
      to: Object.fromEntries(x.changes.map((c) => [c.field, c.to])),
    }));
  const updated = (prefix: string, xs: InventoryChange[]) =>
    xs.flatMap((x) =>
      x.changes.map((c) => ({ resource: `${prefix} ${x.id}`, field: c.field, from: c.from, to: c.to }))
    );
  return [
    ...created('shard', d.shards.create),
    ...updated('shard', d.shards.update),
    ...created('tenant', d.tenants.create),
    ...updated('tenant', d.tenants.update),
    ...[...d.placements.create, ...d.placements.update].map((p) => ({
      resource: `placement ${p.tenantId}/${p.kind}`,
      field: 'shard',
      from: p.from,
      to: p.to,
    })),
  ].slice(0, limit);
}
