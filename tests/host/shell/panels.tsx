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

function TimeSeriesPanel({ data, width, height }: PanelProps) {
  const series = data.series.flatMap((f) => {
    const t = f.fields.find((x) => x.type === FieldType.time);
    return f.fields.filter((x) => x.type === FieldType.number).map((n) => ({ t: t?.values ?? [], v: n.values }));
  });
  if (!series.length) return <div data-host-panel="timeseries">No data</div>;
  const all = series.flatMap((s) => s.v as number[]).filter((x) => Number.isFinite(x));
  const max = Math.max(1, ...all);
  return (
    <svg data-host-panel="timeseries" width={width} height={height}>
      {series.map((s, i) => (
        <polyline
          key={i}
          fill="none"
          stroke={`hsl(${(i * 67) % 360} 70% 55%)`}
          points={(s.v as number[])
            .map((y, j) => `${(j / Math.max(1, s.v.length - 1)) * width},${height - (y / max) * height}`)
            .join(' ')}
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
