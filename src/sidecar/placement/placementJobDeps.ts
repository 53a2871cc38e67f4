import type { NodePlacementAdmin } from '../adapters/nodePlacementAdmin';
import type { VictoriaMetrics } from '../adapters/victoriaMetrics';
import type { PlacementConfig } from './placement.config';
import type { PlacementStore } from './placementStore';

/** What placement job types need besides the engine's common deps (JobDeps.placement). */
export interface PlacementJobDeps {
  store: PlacementStore;
  vm: VictoriaMetrics;
  platform: NodePlacementAdmin;
  thresholds: PlacementConfig['thresholds'];
}
