/**
 * inventory.sync: makes the control plane hold what the platform runs — shards, tenants and
 * placements (inventory.ts has the rules). The preflight shows the diff the operator is about to
 * apply; every step re-reads both sides and writes only what is still left, so a replay after a
 * crash or a takeover does nothing twice. The shard and placement steps commit their writes with
 * their audit entry in one SQL transaction (the placement outbox) and then apply them to the
 * placement store, which may be JetStream KV; a replayed step applies what it staged, once, and
 * never stages or audits again. Nothing is ever deleted: what only the control plane
 * holds, and what conflicts, is reported in the plan and in the verify step's observed effects.
 */
import type { InventoryDiff, JobParams } from '../../../../contract';
import { check, type JobTypeDef, type StepContext } from '../../../jobs/jobType';
import { StepError } from '../../../jobs/stepErrors';
import { DomainError } from '../../../kernel/errors';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';
import type { EngineDeps } from '../../../jobs/jobType';
import { diffEntries, hasChanges } from '../inventory';
import type { InventoryService } from '../inventory.service';

type Sync = JobParams<'inventory.sync'>;
export type InventoryJobDeps = EngineDeps & { inventory: InventoryService };
type Ctx = StepContext<Sync, InventoryJobDeps>;

const remediation = (err: unknown) =>
  err instanceof StepError
    ? err.remediation
    : err instanceof PlatformCallError
      ? platformRemediation(err)
      : err instanceof DomainError
        ? `${err.message}. Open the inventory preview on the Fleet page, then run the sync again.`
        : 'Check the sidecar logs for this job id, then run the sync again: what is already imported is skipped.';

function summary(d: InventoryDiff) {
  const n = (s: { create: unknown[]; update: unknown[]; unchanged: number; missing: unknown[] }) => ({
    create: s.create.length,
    update: s.update.length,
    unchanged: s.unchanged,
    missing: s.missing.length,
  });
  return { tenants: n(d.tenants), shards: n(d.shards), placements: n(d.placements), conflicts: d.conflicts.length };
}

function notConfigured(): StepError {
  return new StepError(
    'platform_not_configured',
    'The platform API is not configured',
    'Set SWITCHYARD_PLATFORM_URL (tenant registry and node admin API) and add its host to SWITCHYARD_OUTBOUND_HOSTS.'
  );
}

export const inventorySync: JobTypeDef<Sync, InventoryJobDeps> = {
  type: 'inventory.sync',
  target: async () => ({
    environment: 'prod',
    tenantId: null,
    target: 'platform inventory',
    lockKey: 'inventory:sync',
  }),
  async preflight(_p, _target, deps) {
    if (!deps.inventory.configured)
      return {
        checks: [
          check(
            'platform-api',
            false,
            'The platform API is not configured (SWITCHYARD_PLATFORM_URL)',
            null,
            'configured'
          ),
        ],
        diff: [],
      };
    try {
      const d = await deps.inventory.diff();
      const s = summary(d);
      return {
        checks: [
          check('platform-api', true, 'Tenant registry and node inventory read', s),
          check(
            'changes',
            true,
            hasChanges(d)
              ? `Create ${s.tenants.create} and update ${s.tenants.update} tenant(s); create ${s.shards.create} and update ${s.shards.update} shard(s); create ${s.placements.create} and move ${s.placements.update} placement(s)`
              : 'Control plane and platform agree; nothing to import',
            s
          ),
          check(
            'conflicts',
            true,
            d.conflicts.length === 0
              ? 'No conflicts'
              : `${d.conflicts.length} conflict(s) left as they are: ${d.conflicts
                  .slice(0, 3)
                  .map((c) => `${c.resource}: ${c.reason}`)
                  .join('; ')}${d.conflicts.length > 3 ? '; …' : ''}`,
            d.conflicts.length
          ),
          check(
            'missing',
            true,
            `Only in the control plane (kept, never deleted): ${s.tenants.missing} tenant(s), ${s.shards.missing} shard(s), ${s.placements.missing} placement(s)`,
            { tenants: d.tenants.missing.slice(0, 50), shards: d.shards.missing.slice(0, 50) }
          ),
        ],
        diff: diffEntries(d),
      };
    } catch (err) {
      return {
        checks: [
          check(
            'platform-api',
            false,
            `Cannot read the platform inventory: ${err instanceof Error ? err.message : String(err)}`,
            null,
            'reachable'
          ),
        ],
        diff: [],
      };
    }
  },
  steps: [
    {
      name: 'read-inventory',
      title: "Read the platform's tenant registry and node inventory and compare",
      async run(ctx: Ctx) {
        if (!ctx.deps.inventory.configured) throw notConfigured();
        return summary(await ctx.deps.inventory.diff(ctx.signal));
      },
      remediation,
    },
    {
      name: 'import-shards',
      title: 'Create and update shards (status stays as it is)',
      run: (ctx: Ctx) => ctx.deps.inventory.applyShards(ctx.mutation, ctx.signal),
      remediation,
    },
    {
      name: 'import-tenants',
      title: 'Create and update tenants (each audited)',
      timeoutMs: 600_000,
      run: (ctx: Ctx) => ctx.deps.inventory.applyTenants(ctx.mutation, ctx.reason, ctx.signal),
      remediation,
    },
    {
      name: 'import-placements',
      title: 'Create and move placements to where the platform runs them',
      timeoutMs: 600_000,
      run: async (ctx: Ctx) => {
        const r = await ctx.deps.inventory.applyPlacements(ctx.mutation, ctx.reason, ctx.signal);
        return { ...r, deferred: r.deferred.slice(0, 50), deferredCount: r.deferred.length };
      },
      remediation,
    },
    {
      name: 'verify',
      title: 'Read both sides again and check that they agree',
      async run(ctx: Ctx) {
        const d = await ctx.deps.inventory.diff(ctx.signal);
        const left =
          d.tenants.create.length + d.tenants.update.length + d.shards.create.length + d.shards.update.length;
        if (left > 0 || d.placements.create.length > 0)
          throw new StepError(
            'still_different',
            `The platform still differs after the import (${left} tenant/shard change(s), ${d.placements.create.length} placement(s) left)`,
            'Something changed during the sync. Run it again; what is already imported is skipped.',
            true
          );
        return {
          ...summary(d),
          movesLeft: d.placements.update.length,
          conflicts: d.conflicts.slice(0, 50),
          missingTenants: d.tenants.missing.slice(0, 50),
          missingShards: d.shards.missing.slice(0, 50),
        };
      },
      remediation,
    },
  ],
};
