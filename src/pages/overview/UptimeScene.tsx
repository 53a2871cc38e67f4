import { LoadingState, type DataFrame } from '@grafana/data';
import {
  SceneObjectBase,
  SceneQueryRunner,
  SceneTimePicker,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
} from '@grafana/scenes';
import { Stack, Text } from '@grafana/ui';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { DATASOURCE_UIDS } from '../../constants';

/** Share of scrapes each service was up over the selected range (VictoriaMetrics, bounded by service). */
const UPTIME_EXPR = '100 * avg by (service) (avg_over_time(up{service!=""}[$__range]))';

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
 * Uptime % per service over the page's time range (the nearest `$timeRange` above it): a SceneQueryRunner on the provisioned
 * VictoriaMetrics data source, rendered as plain numbers (no panel plugin needed).
 */
export class UptimeScene extends SceneObjectBase<UptimeSceneState> {
  static Component = UptimeRenderer;

  static create(): UptimeScene {
    return new UptimeScene({
      $data: new SceneQueryRunner({
        datasource: { type: 'prometheus', uid: DATASOURCE_UIDS.metrics },
        queries: [{ refId: 'uptime', expr: UPTIME_EXPR, instant: true, range: false }],
      }),
      picker: new SceneTimePicker({ isOnCanvas: true }),
    });
  }
}

function UptimeRenderer({ model }: SceneComponentProps<UptimeScene>) {
  const { picker } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const rows = uptimeRows(data?.series ?? []);
  const loading = !data || data.state === LoadingState.Loading;
  return (
    <div data-testid={testIds.overview.uptime}>
      <Stack direction="row" gap={1} alignItems="center" justifyContent="space-between">
        <Text element="h3" variant="h5">
          Uptime per service
        </Text>
        <picker.Component model={picker} />
      </Stack>
      {data?.state === LoadingState.Error && (
        <Text color="error">Metrics are unavailable: {data.errors?.[0]?.message ?? 'query failed'}</Text>
      )}
      {!loading && rows.length === 0 && data?.state !== LoadingState.Error && (
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
