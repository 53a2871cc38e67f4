import {
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  type SceneDataLayerProvider,
  type SceneFlexItemLike,
  SceneDataLayerControls,
  SceneDataLayerSet,
} from '@grafana/scenes';

export interface TimeControlledOptions {
  /** Default range when the URL has none (`now-1h`, or absolute ISO/epoch ms). */
  from: string;
  to: string;
  /** Panels below; their runners share this time range (kept in the URL as `from`/`to`). */
  children: SceneFlexItemLike[];
  /** Annotation layers (job markers) merged into every runner below. */
  layers?: SceneDataLayerProvider[];
  /** Items shown left of the pickers (links, a heading). */
  header?: SceneFlexItemLike[];
  /** `refresh` in the URL; no auto refresh by default. */
  refresh?: string;
}

/**
 * A column of panels with its own time range, a time picker and a refresh picker (both in the URL:
 * `from`, `to`, `refresh`), and optionally annotation layers shown on every graph below.
 */
export function timeControlledLayout(opts: TimeControlledOptions): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    $timeRange: new SceneTimeRange({ from: opts.from, to: opts.to }),
    ...(opts.layers?.length ? { $data: new SceneDataLayerSet({ layers: opts.layers }) } : {}),
    children: [
      new SceneFlexLayout({
        direction: 'row',
        children: [
          ...(opts.header ?? []),
          // Rendering the layer controls is what activates the layers (and offers a switch for each).
          ...(opts.layers?.length ? [new SceneFlexItem({ width: 'auto', body: new SceneDataLayerControls() })] : []),
          new SceneFlexItem({ width: 'auto', body: new SceneTimePicker({ isOnCanvas: true }) }),
          new SceneFlexItem({
            width: 'auto',
            body: new SceneRefreshPicker({ isOnCanvas: true, ...(opts.refresh ? { refresh: opts.refresh } : {}) }),
          }),
        ],
      }),
      ...opts.children,
    ],
  });
}
