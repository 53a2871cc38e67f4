import type { DashboardDef } from './lib';
import { bottlenecks, eventbus, storage, workers } from './defs/pipelines';
import { apiRegression, cluster, exhaustion, self } from './defs/infra';
import { http, logs, noisy, overview } from './defs/platform';
import { controlPlane } from './defs/controlPlane';

/** The SPEC §6 dashboard set, in the order of the spec, then the control-plane dashboard. File name = uid without the prefix. */
export const DASHBOARDS: DashboardDef[] = [
  overview,
  http,
  logs,
  eventbus,
  workers,
  storage,
  cluster,
  noisy,
  apiRegression,
  bottlenecks,
  exhaustion,
  self,
  controlPlane,
];
export const fileNameOf = (d: DashboardDef): string => `${d.uid.replace(/^switchyard-/, '')}.json`;
