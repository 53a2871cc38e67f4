/**
 * DashboardDef → dashboard JSON with Grafana's dashboards-as-code library
 * (@grafana/grafana-foundation-sdk): DashboardBuilder, one PanelBuilder per panel kind, the Prometheus
 * and Loki query builders, QueryVariableBuilder and DashboardLinkBuilder.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
  type DashboardLink,
  type Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import {
  LegendDisplayMode,
  LegendPlacement,
  LogsSortOrder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { DataqueryBuilder as PromQuery, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { EXAMPLE_VARIABLES } from '../../src/datasource/exampleQueries';
import {
  APP_BASE,
  DS,
  LOKI_VARS,
  VARS,
  isControlPlaneTarget,
  lokiVariableDefinition,
  type ControlPlaneTarget,
  type DashboardDef,
  type PanelDef,
  type PanelType,
  type PromTarget,
  type Target,
  type VarName,
} from './lib';

/** A field data link (`{title, url, targetBlank}`), the shape Grafana stores under fieldConfig.defaults.links. */
const dataLink = (title: string, url: string): cog.Builder<DashboardLink> => ({
  build: () => ({ title, url, targetBlank: false }) as DashboardLink,
});

const DATA_LINKS = {
  tenant: [
    dataLink(
      'Open tenant ${__field.labels.tenant_id} in Switchyard',
      `${APP_BASE}/tenants/\${__field.labels.tenant_id}`
    ),
  ],
  // Shard panels aggregate by shard: open that shard's page (its tenants, load, cordon and drain).
  shard: [
    dataLink(
      'Open shard ${__field.labels.shard} in Switchyard',
      `${APP_BASE}/placement/fleet/shards/\${__field.labels.shard}`
    ),
  ],
};

/** A Switchyard data source query model as a dashboard target (the SDK has no builder for it). */
const controlPlaneQuery = (model: ControlPlaneTarget['model'], refId: string): cog.Builder<cog.Dataquery> => ({
  build: () => ({ ...model, refId, datasource: DS.controlPlane }) as unknown as cog.Dataquery,
});

/** Multi-value with All selected, values sorted (`allValue`: the regex All stands for, else the list). */
const multiWithAll = (v: QueryVariableBuilder, allValue?: string): QueryVariableBuilder =>
  (allValue === undefined ? v.includeAll(true) : v.includeAll(true).allValue(allValue))
    .multi(true)
    .sort(VariableSort.AlphabeticalAsc)
    .current({ selected: true, text: ['All'], value: ['$__all'] })
    .options([]);

function variable(name: VarName) {
  if (name === 'environment')
    // All = every listed value (no custom all value): the data source expands it into the list,
    // Prometheus into an alternation regex.
    return multiWithAll(
      new QueryVariableBuilder(name)
        .label('Environment')
        .datasource(DS.controlPlane)
        .query({ ...EXAMPLE_VARIABLES.environment })
        .definition('environments')
        .refresh(VariableRefresh.OnDashboardLoad)
    );
  if (name === 'logService') {
    // Loki label values over the log streams (LokiVariableQueryType.LabelValues = 1).
    const l = LOKI_VARS[name];
    return multiWithAll(
      new QueryVariableBuilder(l.name)
        .label(l.label)
        .datasource(DS.loki)
        .query({ type: 1, label: l.labelName, stream: l.stream, refId: 'LokiVariableQueryEditor-VariableQuery' })
        .definition(lokiVariableDefinition(name))
        .refresh(VariableRefresh.OnTimeRangeChanged),
      '.*'
    );
  }
  const v = VARS[name];
  return multiWithAll(
    new QueryVariableBuilder(name)
      .label(v.label)
      .datasource(DS.vm)
      .query({ qryType: 1, query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
      .definition(v.query)
      .refresh(VariableRefresh.OnTimeRangeChanged),
    '.*'
  );
}

const isInstant = (type: PanelType, t: PromTarget) =>
  type === 'table' || type === 'stat' || type === 'bargauge' || !!t.instant;

function query(p: PanelDef, type: PanelType, t: Target, i: number): cog.Builder<cog.Dataquery> {
  const refId = String.fromCharCode(65 + i);
  if (isControlPlaneTarget(t)) return controlPlaneQuery(t.model, refId);
  if (p.ds === 'loki') {
    const q = new LokiQuery()
      .refId(refId)
      .datasource(DS.loki)
      .expr(t.expr)
      .legendFormat(t.legend ?? '__auto');
    return isInstant(type, t) ? q.instant(true).range(false) : q.range(true);
  }
  const q = new PromQuery()
    .refId(refId)
    .datasource(DS.vm)
    .expr(t.expr)
    .legendFormat(t.legend ?? '__auto');
  if (type === 'table') q.format(PromQueryFormat.Table);
  return isInstant(type, t) ? q.instant() : q.range();
}

function panelBuilder(type: PanelType) {
  switch (type) {
    case 'stat':
      return new StatPanel();
    case 'table':
      return new TablePanel();
    case 'bargauge':
      return new BarGaugePanel();
    case 'logs':
      return new LogsPanel()
        .showTime(true)
        .wrapLogMessage(true)
        .sortOrder(LogsSortOrder.Descending)
        .enableLogDetails(true);
    default:
      return new TimeseriesPanel()
        .legend(
          new VizLegendOptionsBuilder()
            .displayMode(LegendDisplayMode.Table)
            .placement(LegendPlacement.Bottom)
            .showLegend(true)
            .calcs(['lastNotNull', 'max'])
        )
        .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  }
}

function panel(p: PanelDef, id: number, x: number, y: number): cog.Builder<Panel> {
  const type = p.type ?? 'timeseries';
  const b = panelBuilder(type)
    .id(id)
    .title(p.title)
    .description(p.description ?? '')
    .datasource(DS[p.ds ?? 'vm'])
    .gridPos({ x, y, w: p.w ?? 12, h: p.h ?? 8 })
    .targets(p.targets.map((t, i) => query(p, type, t, i)))
    .unit(p.unit ?? 'short')
    .dataLinks(p.linkTo ? DATA_LINKS[p.linkTo] : []);
  return b as unknown as cog.Builder<Panel>;
}

function links(d: DashboardDef): Array<cog.Builder<DashboardLink>> {
  const out = [
    new DashboardLinkBuilder('Switchyard tenants')
      .type(DashboardLinkType.Link)
      .url(`${APP_BASE}/tenants`)
      .icon('apps')
      .tooltip('Tenant list in Switchyard')
      .includeVars(false)
      .keepTime(false),
  ];
  if (d.vars.includes('tenant'))
    out.push(
      new DashboardLinkBuilder('Open tenant in Switchyard')
        .type(DashboardLinkType.Link)
        .url(`${APP_BASE}/tenants/\${tenant}`)
        .icon('external link')
        .tooltip('The selected tenant in Switchyard')
        .includeVars(false)
        .keepTime(true)
    );
  out.push(
    new DashboardLinkBuilder('Switchyard dashboards')
      .type(DashboardLinkType.Dashboards)
      .tags(['switchyard'])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true)
  );
  return out;
}

/** Panels flow left to right in rows of 24 columns; a row is as tall as its tallest panel. */
function layout(panels: PanelDef[]): Array<cog.Builder<Panel>> {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return panels.map((p, i) => {
    const w = p.w ?? 12;
    if (x + w > 24) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    const out = panel(p, i + 1, x, y);
    x += w;
    rowH = Math.max(rowH, p.h ?? 8);
    return out;
  });
}

/** Grafana's built-in annotations filtered by the tag the sidecar puts on every job's annotations. */
export const OPERATIONS_ANNOTATION = {
  name: 'Switchyard operations',
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: false,
  iconColor: 'rgba(163, 82, 204, 1)',
  target: { type: 'tags', tags: ['switchyard'], matchAny: false, limit: 100 },
};

export function buildDashboard(d: DashboardDef): Record<string, unknown> {
  const builder = new DashboardBuilder(d.title)
    .uid(d.uid)
    .description(d.description)
    .tags(['switchyard', ...d.tags])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .version(1)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .variables(d.vars.map(variable))
    .annotation(
      new AnnotationQueryBuilder()
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)')
        .name('Annotations & Alerts')
        .type('dashboard')
    )
    .links(links(d));
  for (const a of d.annotations ?? [])
    builder.annotation(
      new AnnotationQueryBuilder()
        .name(a.name)
        .datasource(DS.controlPlane)
        .enable(true)
        .hide(false)
        .iconColor('rgba(255, 152, 48, 1)')
        .target(controlPlaneQuery(a.model, a.model.refId))
    );
  for (const p of layout(d.panels)) builder.withPanel(p);
  const json = builder.build();
  // The SDK places links and annotation toggles in the controls menu by default; these dashboards
  // keep them in the dashboard bar (no `placement`), as before.
  for (const l of json.links ?? []) delete l.placement;
  for (const a of json.annotations?.list ?? []) delete a.placement;
  // Operations the sidecar annotates in Grafana (start and finish of drains, migrations, restarts…:
  // organization annotations tagged `switchyard`), on every dashboard that does not already show jobs
  // from the control-plane data source. The SDK's annotation target is a data source query; Grafana's
  // own tag filter is this plain target.
  const out = JSON.parse(JSON.stringify(json)) as { annotations: { list: unknown[] } } & Record<string, unknown>;
  if (!d.annotations?.length) out.annotations.list.push(OPERATIONS_ANNOTATION);
  return out;
}
