/**
 * Migration preflight: each check names what it measured and the threshold. VictoriaMetrics is read
 * for load, in-flight work and consumer lag; when it cannot be read the preflight fails CLOSED with
 * that reason (a migration never starts blind).
 */
import { isLegalTransition, type JobParams, type PreflightCheck } from '../../../../contract';
import { VmUnavailable } from '../../../platform/victoriaMetrics';
import { check, type JobTarget, type Preflight } from '../../../jobs/jobType';
import type { PlacementJobTypeDeps } from './placementJobDeps';

type Migrate = JobParams<'tenant.migrate'>;

export async function migrationPreflight(
  p: Migrate,
  target: JobTarget,
  deps: PlacementJobTypeDeps
): Promise<Preflight> {
  const checks: PreflightCheck[] = [];
  const pd = deps.placement;
  if (!pd) {
    return {
      checks: [check('placement-configured', false, 'Placement is not configured on this sidecar', false, true)],
      diff: [],
    };
  }
  const tenant = await deps.tenants.get(p.tenantId);
  checks.push(
    check(
      'tenant-status',
      isLegalTransition(tenant.status, 'migrating'),
      `Tenant is ${tenant.status}; a migration needs active`,
      tenant.status,
      'active'
    )
  );
  checks.push(
    check(
      'kill-switch',
      !tenant.featureFlags.killSwitch,
      tenant.featureFlags.killSwitch ? 'The kill switch is on: resume the tenant first' : 'Kill switch off',
      tenant.featureFlags.killSwitch,
      false
    )
  );
  const assignment = await pd.store.getAssignment(p.tenantId, p.kind);
  checks.push(
    check(
      'assignment',
      assignment !== null,
      assignment
        ? `On ${assignment.shardId} (revision ${assignment.revision})`
        : `No ${p.kind} placement for the tenant`,
      assignment?.shardId ?? null
    )
  );
  const shard = await pd.store.getShard(p.targetShardId);
  checks.push(
    check(
      'target-exists',
      shard !== null && shard.kind === p.kind,
      shard ? `Target ${shard.id} is a ${shard.kind} shard` : `Shard ${p.targetShardId} does not exist`,
      shard?.kind ?? null,
      p.kind
    )
  );
  if (shard) {
    const env = shard.labels.env;
    checks.push(
      check(
        'same-environment',
        env === tenant.environment,
        env === undefined
          ? `Target ${shard.id} has no environment label, so a move into ${tenant.environment} cannot be confirmed. Sync the inventory (Fleet → Sync inventory…) or set labels.env on the shard.`
          : env === tenant.environment
            ? `Target ${shard.id} is in ${env}, like the tenant`
            : `Target ${shard.id} is in ${env} but ${tenant.id} runs in ${tenant.environment}; a tenant only moves between shards of its own environment. Pick a ${p.kind} shard in ${tenant.environment}.`,
        env ?? null,
        tenant.environment
      )
    );
  }
  if (shard)
    checks.push(check('target-ready', shard.status === 'ready', `Target is ${shard.status}`, shard.status, 'ready'));
  if (assignment && shard)
    checks.push(
      check(
        'target-differs',
        assignment.shardId !== shard.id,
        assignment.shardId === shard.id ? 'The tenant is already on the target' : 'Target differs from the source',
        assignment.shardId,
        `≠ ${shard.id}`
      )
    );
  if (assignment && shard && shard.kind === p.kind) {
    try {
      const [byShard, tenantLoads, inFlight, lag] = await Promise.all([
        pd.vm.shardLoad(p.kind),
        pd.vm.tenantLoad(p.kind),
        pd.vm.inFlight(p.tenantId, assignment.shardId),
        pd.vm.consumerLag(assignment.shardId),
      ]);
      const tenantLoad = tenantLoads?.get(`${p.tenantId}|${assignment.shardId}`) ?? 0;
      const after = (byShard.get(shard.id) ?? 0) + tenantLoad;
      checks.push(
        check(
          'target-capacity',
          after <= shard.capacity,
          `Target load after the move ${after.toFixed(1)} rps of ${shard.capacity}`,
          Number(after.toFixed(3)),
          shard.capacity
        )
      );
      const f = inFlight ?? 0;
      checks.push(
        check(
          'source-in-flight',
          f <= pd.thresholds.maxInFlight,
          `${f} command(s) in flight on ${assignment.shardId}`,
          f,
          pd.thresholds.maxInFlight
        )
      );
      const l = lag ?? 0;
      checks.push(
        check(
          'source-consumer-lag',
          l <= pd.thresholds.maxLag,
          `Consumer lag on ${assignment.shardId}: ${l} pending`,
          l,
          pd.thresholds.maxLag
        )
      );
    } catch (err) {
      if (!(err instanceof VmUnavailable)) throw err;
      checks.push(
        check('victoriametrics', false, `Cannot read load, in-flight work and lag: ${err.message}`, null, 'reachable')
      );
    }
  }
  return {
    checks,
    diff: [
      { resource: target.target, field: 'status', from: tenant.status, to: 'migrating → active' },
      {
        resource: `placement ${p.tenantId}/${p.kind}`,
        field: 'shard',
        from: assignment?.shardId ?? null,
        to: p.targetShardId,
      },
    ],
  };
}
