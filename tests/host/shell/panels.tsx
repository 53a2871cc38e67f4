/**
 * Stand-ins for Grafana's core panels (not on npm): table on @grafana/ui `<Table>`, and simple stat,
 * time series, text and logs renderers. Enough to test an app's data flow, not Grafana's visuals.
 */
import React from 'react';
import { FieldType, formattedValueToString, PanelPlugin, type PanelProps, type PanelPluginMeta } from '@grafana/data';
import { Table } from '@grafana/ui';

function TablePanel({ data, width, height }: PanelProps) {
  const frame = data.series[0];
  if (!frame || frame.length === 0) return <div data-host-panel="table">No data</div>;
  return <Table data={frame} width={width} height={height} />;
}

function StatPanel({ data }: PanelProps) {
  const values = data.series.flatMap((f) => f.fields.filter((fl) => fl.type === FieldType.number));
  if (!values.length) return <div data-host-panel="stat">No data</div>;
  return (
    <div data-host-panel="stat" style={{ display: 'flex', gap: 16, fontSize: 28, padding: 8 }}>
      {values.map((f, i) => {
        const v = f.values[f.values.length - 1];
        const text = f.display ? formattedValueToString(f.display(v)) : String(v);
        return <span key={i}>{text}</span>;
      })}
    </div>
  );
}

/** Annotation events (Grafana's `data.annotations` frames: time, timeEnd, title, color) of a panel. */
function annotationEvents(data: PanelProps['data']): Array<{ time: number; timeEnd: number; title: string }> {
  return (data.annotations ?? []).flatMap((frame) => {
    const col = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
    const times = col('time');
    const ends = col('timeEnd');
    const titles = col('title');
    const texts = col('text');
    return times.map((t, i) => ({
      time: Number(t),
      timeEnd: Number(ends[i] ?? t),
      title: String(titles[i] ?? texts[i] ?? ''),
    }));
  });
}

/**
 * Lines of every numeric series (x by time within the panel's range), and the annotation events as
 * vertical markers: what Grafana's time series panel draws, without its looks.
 */
function TimeSeriesPanel({ data, width, height, timeRange }: PanelProps) {
  const series = data.series.flatMap((f) => {
    const t = f.fields.find((x) => x.type === FieldType.time);
    return f.fields.filter((x) => x.type === FieldType.number).map((n) => ({ t: t?.values ?? [], v: n.values }));
  });
  if (!series.length) return <div data-host-panel="timeseries">No data</div>;
  const all = series.flatMap((s) => s.v as number[]).filter((x) => Number.isFinite(x));
  const max = Math.max(1, ...all);
  const from = timeRange.from.valueOf();
  const span = Math.max(1, timeRange.to.valueOf() - from);
  const x = (t: number) => ((t - from) / span) * width;
  const events = annotationEvents(data).filter((e) => e.timeEnd >= from && e.time <= from + span);
  return (
    <svg data-host-panel="timeseries" width={width} height={height}>
      {series.map((s, i) => (
        <polyline
          key={i}
          fill="none"
          stroke={`hsl(${(i * 67) % 360} 70% 55%)`}
          points={(s.v as number[])
            .map((y, j) => {
              const px = s.t.length === s.v.length ? x(Number(s.t[j])) : (j / Math.max(1, s.v.length - 1)) * width;
              return `${px},${height - (y / max) * height}`;
            })
            .join(' ')}
        />
      ))}
      {events.map((e, i) => (
        <line
          key={`a${i}`}
          data-host-annotation={e.title}
          data-time={e.time}
          x1={x(e.time)}
          x2={x(e.time)}
          y1={0}
          y2={height}
          stroke="currentColor"
          strokeDasharray="4 2"
        />
      ))}
    </svg>
  );
}

function TextPanel({ options }: PanelProps<{ content?: string }>) {
  return (
    <div data-host-panel="text" style={{ whiteSpace: 'pre-wrap' }}>
      {options.content ?? ''}
    </div>
  );
}

function LogsPanel({ data }: PanelProps) {
  const lines = data.series.flatMap(
    (f) => (f.fields.find((x) => x.type === FieldType.string)?.values ?? []) as string[]
  );
  return (
    <pre data-host-panel="logs" style={{ margin: 0, fontSize: 12 }}>
      {lines.length ? lines.join('\n') : 'No data'}
    </pre>
  );
}

function GenericPanel({ data }: PanelProps) {
  return <div data-host-panel="generic">{data.series.length} frame(s)</div>;
}

const IMPLS: Record<string, React.ComponentType<PanelProps<any>>> = {
  table: TablePanel,
  stat: StatPanel,
  gauge: StatPanel,
  bargauge: StatPanel,
  timeseries: TimeSeriesPanel,
  barchart: TimeSeriesPanel,
  text: TextPanel,
  logs: LogsPanel,
};

const cache = new Map<string, PanelPlugin>();

export function panelPlugin(id: string): PanelPlugin {
  let p = cache.get(id);
  if (!p) {
    p = new PanelPlugin(IMPLS[id] ?? GenericPanel).useFieldConfig();
    // Grafana's time series panel declares annotation support; without it VizPanel drops `data.annotations`.
    if (id === 'timeseries') p.setDataSupport({ annotations: true, alertStates: true });
    p.meta = {
      id,
      name: id,
      type: 'panel',
      module: `core:plugin/${id}`,
      baseUrl: `public/app/plugins/panel/${id}`,
      info: {
        author: { name: 'test host' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
      sort: 1,
      skipDataQuery: id === 'text',
    } as unknown as PanelPluginMeta;
    cache.set(id, p);
  }
  return p;
}

export const pluginImportUtils = {
  importPanelPlugin: async (id: string) => panelPlugin(id),
  getPanelPluginFromCache: (id: string) => cache.get(id) ?? panelPlugin(id),
};
