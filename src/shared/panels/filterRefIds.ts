import type { CustomTransformOperator, DataFrame } from '@grafana/data';
import { map } from 'rxjs';

/**
 * A runtime transformation that keeps only the frames of the given query refIds, so several panels
 * can share one SceneQueryRunner (one data request) and each shows its own queries.
 */
export function filterRefIds(refIds: readonly string[]): CustomTransformOperator {
  const keep = new Set(refIds);
  return () => (source) => source.pipe(map((frames: DataFrame[]) => frames.filter((f) => keep.has(f.refId ?? ''))));
}
