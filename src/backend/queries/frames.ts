/**
 * Frame builders in the shapes Grafana expects: tables (no data-plane type, so Alerting never
 * misreads them), numeric-multi v0.1 (one numeric field per frame, dimensions in labels) and
 * timeseries-wide v0.1 (a non-null time field first, then numeric fields with labels).
 */
import type { Field, FieldConfig, Frame, FrameMeta, Notice } from '../frames/frame';

export interface NumericItem {
  value: number;
  labels: Record<string, string>;
  /** Shown instead of the field name (e.g. the label value). */
  displayName?: string;
  unit?: string;
}

export function numericMulti(name: string, items: NumericItem[], notices: Notice[] = []): Frame[] {
  const meta = (): FrameMeta => ({
    type: 'numeric-multi',
    typeVersion: [0, 1],
    ...(notices.length ? { notices } : {}),
  });
  if (items.length === 0) return [{ name, fields: [], meta: meta() }];
  return items.map((item) => ({
    name,
    meta: meta(),
    fields: [
      {
        name,
        type: 'number',
        values: [item.value],
        labels: item.labels,
        config: {
          ...(item.displayName ? { displayNameFromDS: item.displayName } : {}),
          ...(item.unit ? { unit: item.unit } : {}),
        },
      },
    ],
  }));
}

export interface SeriesItem {
  name: string;
  labels: Record<string, string>;
  values: number[];
  displayName?: string;
}

/**
 * One timeseries-wide frame. No series is "no data": a frame with zero fields (still typed
 * timeseries-wide 0.1), never a lone time field, which Grafana's data plane rejects ("frame is
 * missing a numeric value field") and an alert rule would turn into Error instead of NoData.
 */
export function wideSeries(name: string, times: number[], series: SeriesItem[], notices: Notice[] = []): Frame {
  const meta: FrameMeta = { type: 'timeseries-wide', typeVersion: [0, 1], ...(notices.length ? { notices } : {}) };
  if (series.length === 0) return { name, meta, fields: [] };
  return {
    name,
    meta,
    fields: [
      { name: 'time', type: 'time', values: times },
      ...series.map((s): Field => ({
        name: s.name,
        type: 'number',
        values: s.values,
        labels: s.labels,
        ...(s.displayName ? { config: { displayNameFromDS: s.displayName } } : {}),
      })),
    ],
  };
}

export interface Column<T> {
  name: string;
  type: Field['type'];
  get: (row: T) => Field['values'][number];
  nullable?: boolean;
  config?: FieldConfig;
}

export function table<T>(name: string, rows: T[], columns: Column<T>[], notices: Notice[] = []): Frame {
  return {
    name,
    meta: { preferredVisualisationType: 'table', ...(notices.length ? { notices } : {}) },
    fields: columns.map((c) => ({
      name: c.name,
      type: c.type,
      values: rows.map(c.get),
      ...(c.nullable ? { nullable: true } : {}),
      ...(c.config ? { config: c.config } : {}),
    })),
  };
}

export const ms = (iso: string): number => Date.parse(iso);

export const truncatedNotice = (what: string, shown: number, hint: string): Notice => ({
  severity: 'warning',
  text: `Showing the first ${shown} ${what}; ${hint}`,
});
