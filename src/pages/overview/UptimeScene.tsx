import type { DataFrame } from '@grafana/data';
import {
  SceneObjectBase,
  SceneTimePicker,
  sceneGraph,
  type SceneComponentProps,
  type SceneDataQuery,
  type SceneObjectState,
} from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { panelView } from '../../shared/panels/ObservedPanelScene';

/** Share of scrapes each service was up over the selected range (VictoriaMetrics, bounded by service). */
const UPTIME_EXPR = '100 * avg by (service) (avg_over_time(up{service!=""}[$__range]))';
const UPTIME_REF_ID = 'uptime';

/** The instant query behind the uptime numbers; it rides in the page's VictoriaMetrics request. */
export function uptimeQuery(): SceneDataQuery {
  return { refId: UPTIME_REF_ID, expr: UPTIME_EXPR, instant: true, range: false };
}

export interface UptimeRow {
  service: string;
  percent: number;
}

/** Reads `{service} → value` from instant-query frames (last value of each series). */
export function uptimeRows(frames: DataFrame[]): UptimeRow[] {
  const rows: UptimeRow[] = [];
  for (const frame of frames) {
    const value = frame.fields.find((f) => f.type === 'number');
    const service = value?.labels?.service;
    const last = value ? Number(value.values[value.values.length - 1]) : NaN;
    if (service && Number.isFinite(last)) {
      rows.push({ service, percent: Math.max(0, Math.min(100, last)) });
    }
  }
  return rows.sort((a, b) => a.percent - b.percent || a.service.localeCompare(b.service));
}

export interface UptimeSceneState extends SceneObjectState {
  picker: SceneTimePicker;
}

/**
 * Uptime % per service over the page's time range (the nearest `$timeRange` above it), rendered as
 * plain numbers (no panel plugin needed). Its data is the {@link uptimeQuery} of the nearest
 * VictoriaMetrics runner above it, shared with the page's other graphs (one request for all).
 */
export class UptimeScene extends SceneObjectBase<UptimeSceneState> {
  static Component = UptimeRenderer;

  static create(): UptimeScene {
    return new UptimeScene({ picker: new SceneTimePicker({ isOnCanvas: true }) });
  }
}

function UptimeRenderer({ model }: SceneComponentProps<UptimeScene>) {
  const { picker } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const own = data && { ...data, series: data.series.filter((f) => f.refId === UPTIME_REF_ID) };
  const view = panelView(own, [UPTIME_REF_ID]);
  const rows = view.kind === 'data' ? uptimeRows(own?.series ?? []) : [];
  return (
    <div data-testid={testIds.overview.uptime}>
      <Stack direction="row" gap={1} alignItems="center" justifyContent="space-between">
        <Text element="h3" variant="h5">
          Uptime per service
        </Text>
        <picker.Component model={picker} />
      </Stack>
      {view.kind === 'loading' && <LoadingPlaceholder text="Loading uptime…" />}
      {view.kind === 'error' && <Text color="error">Metrics are unavailable: {view.message}</Text>}
      {(view.kind === 'empty' || (view.kind === 'data' && rows.length === 0)) && (
        <Text color="secondary">No uptime data for this range.</Text>
      )}
      <Stack direction="row" gap={3} wrap="wrap">
        {rows.map((r) => (
          <div
            key={r.service}
            data-testid={testIds.overview.uptimeRow}
            data-service={r.service}
            data-percent={r.percent.toFixed(2)}
          >
            <Text variant="h3" color={r.percent >= 99.9 ? 'success' : r.percent >= 99 ? 'warning' : 'error'}>
              {`${r.percent.toFixed(2)}%`}
            </Text>
            <Text color="secondary">{r.service}</Text>
          </div>
        ))}
      </Stack>
    </div>
  );
}
