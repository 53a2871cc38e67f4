import type { NodeAdminClient } from '../../../platform/nodeAdmin';
import type { VictoriaMetrics } from '../../../platform/victoriaMetrics';
import type { PlacementConfig } from '../../../kernel/config/placement';
import type { PlacementStore } from '../placement.store';
import type { EngineDeps } from '../../../jobs/jobType';
import type { TenantsService } from '../../tenants';

/** What placement job types need besides the engine's common deps (JobDeps.placement). */
export interface PlacementJobDeps {
  store: PlacementStore;
  vm: VictoriaMetrics;
  platform: NodeAdminClient;
  thresholds: PlacementConfig['thresholds'];
}

/** What placement job types need besides the engine's deps; `placement` absent → they fail preflight. */
export type PlacementJobTypeDeps = EngineDeps & { tenants: TenantsService; placement?: PlacementJobDeps };
