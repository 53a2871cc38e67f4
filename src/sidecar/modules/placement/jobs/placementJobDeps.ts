import type { NodePlacementAdmin } from '../../../platform/nodePlacementAdmin';
import type { VictoriaMetrics } from '../../../platform/victoriaMetrics';
import type { PlacementConfig } from '../../../kernel/config/placement';
import type { PlacementStore } from '../placement.store';

/** What placement job types need besides the engine's common deps (JobDeps.placement). */
export interface PlacementJobDeps {
  store: PlacementStore;
  vm: VictoriaMetrics;
  platform: NodePlacementAdmin;
  thresholds: PlacementConfig['thresholds'];
}
