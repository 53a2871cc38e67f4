import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, type SceneComponentProps, type SceneObject, type SceneObjectState } from '@grafana/scenes';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

export interface WithGraphsState extends SceneObjectState {
  /** Graphs over time (their own time range and pickers). */
  graphs: SceneObject;
  /** The page's own body (a list, a table). */
  body: SceneObject;
  /** `data-testid` of the graphs' section. */
  testId: string;
  /** Accessible name of the graphs' section. */
  label: string;
  /** Height kept for the graphs while their code loads, so the body below does not jump. */
  minHeight?: number;
}

/** A row of small trend panels (200 px) under their time controls. */
export const GRAPH_ROW_HEIGHT = 240;

/** A page body with graphs above it: the page's list keeps its own layout and URL state. */
export class WithGraphs extends SceneObjectBase<WithGraphsState> {
  static Component = WithGraphsRenderer;
}

function WithGraphsRenderer({ model }: SceneComponentProps<WithGraphs>) {
  const { graphs, body, testId, label, minHeight } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.stack}>
      <section aria-label={label} data-testid={testId} style={minHeight ? { minHeight } : undefined}>
        <graphs.Component model={graphs} />
      </section>
      <body.Component model={body} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  stack: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
