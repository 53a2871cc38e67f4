import { css } from '@emotion/css';
import { FieldType, LoadingState, type GrafanaTheme2, type PanelData } from '@grafana/data';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type VizPanel,
} from '@grafana/scenes';
import { Alert, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { testIds } from '../testIds';

export interface ObservedPanelSceneState extends SceneObjectState {
  panel: VizPanel;
  /** The data source the panel reads, named in its error ("VictoriaMetrics", "Loki"). */
  sourceName: string;
  /** Shown when the queries returned nothing ("No traffic in this range"). */
  emptyText: string;
  /** Query refIds this panel shows; errors of other refIds of a shared runner are not its own. */
  refIds?: string[];
}

export type PanelView = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'data' };

/** What a panel should show for its data: the error, the empty state, a loading panel, or the graph. */
export function panelView(data: PanelData | undefined, refIds?: readonly string[]): PanelView {
  if (!data || data.state === LoadingState.NotStarted) {
    return { kind: 'loading' };
  }
  const own = (data.errors ?? (data.error ? [data.error] : [])).filter(
    (e) => !refIds || !e.refId || refIds.includes(e.refId)
  );
  if (own.length > 0 || (data.state === LoadingState.Error && !data.errors?.length)) {
    return { kind: 'error', message: own[0]?.message ?? data.error?.message ?? 'query failed' };
  }
  if (data.state === LoadingState.Loading && data.series.length === 0) {
    return { kind: 'loading' };
  }
  const hasValues = data.series.some((frame) =>
    frame.fields.some((f) => f.type !== FieldType.time && f.values.length > 0)
  );
  return hasValues ? { kind: 'data' } : { kind: 'empty' };
}

/**
 * A VizPanel that never breaks its page: an error names the data source ("Loki is not configured
 * or unreachable"), no data reads as the empty text, and the graph renders only with data.
 * The panel's data comes from this object's `$data` or a provider above it.
 */
export class ObservedPanelScene extends SceneObjectBase<ObservedPanelSceneState> {
  static Component = ObservedPanelRenderer;
}

function ObservedPanelRenderer({ model }: SceneComponentProps<ObservedPanelScene>) {
  const { panel, sourceName, emptyText, refIds } = model.useState();
  const { title } = panel.useState();
  const { data } = sceneGraph.getData(model).useState();
  const styles = useStyles2(getStyles);
  const view = panelView(data, refIds);
  return (
    <div className={styles.container} data-testid={testIds.panels.panel} data-panel-title={title} data-view={view.kind}>
      {view.kind === 'error' && (
        <div className={styles.box}>
          <Text element="h4" variant="h6">
            {title}
          </Text>
          <Alert severity="error" title={`${sourceName} is not configured or unreachable`}>
            {view.message}
          </Alert>
        </div>
      )}
      {view.kind === 'empty' && (
        <div className={styles.box}>
          <Text element="h4" variant="h6">
            {title}
          </Text>
          <Text color="secondary">{emptyText}</Text>
        </div>
      )}
      {(view.kind === 'data' || view.kind === 'loading') && <panel.Component model={panel} />}
    </div>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    container: css({ width: '100%', height: '100%', minHeight: 0 }),
    box: css({
      height: '100%',
      padding: theme.spacing(1),
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      background: theme.colors.background.primary,
      overflow: 'auto',
    }),
  };
}
