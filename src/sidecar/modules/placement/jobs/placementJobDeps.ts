import type { NodeAdminClient } from '../../../platform/nodeAdmin';
import type { VictoriaMetrics } from '../../../platform/victoriaMetrics';
import type { PlacementConfig } from '../../../kernel/config/placement';
import type { PlacementStore } from '../placement.store';
import type { EngineDeps } from '../../../jobs/jobType';
import type { TenantsService } from '../../tenants';
import { StepError } from '../../../jobs/stepErrors';
import { PlatformCallError, platformRemediation } from '../../../platform/platformCallError';

/** What placement job types need besides the engine's common deps (JobDeps.placement). */
export interface PlacementJobDeps {
  store: PlacementStore;
  vm: VictoriaMetrics;
  platform: NodeAdminClient;
  thresholds: PlacementConfig['thresholds'];
}

/** What placement job types need besides the engine's deps; `placement` absent → they fail preflight. */
export type PlacementJobTypeDeps = EngineDeps & { tenants: TenantsService; placement?: PlacementJobDeps };

export function placementDeps(deps: PlacementJobTypeDeps): PlacementJobDeps {
  if (!deps.placement)
    throw new StepError(
      'placement_unavailable',
      'Placement is not configured on this sidecar',
      'Configure the placement store and VictoriaMetrics (SWITCHYARD_VM_URL).'
    );
  return deps.placement;
}

/** A failed placement step's remediation: the step's own, the platform call's, or else `unexpected`. */
export const remediationOr =
  (unexpected: string) =>
  (err: unknown): string => {
    if (err instanceof StepError) return err.remediation;
    if (err instanceof PlatformCallError) return platformRemediation(err);
    return unexpected;
  };
/** The remediation of a placement job step (rebalance, shard jobs). */
export const placementRemediation = remediationOr('Check the sidecar logs for this job id, then retry.');
