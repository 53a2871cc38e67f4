/**
 * A small dashboard builder so the twelve provisioned dashboards share variables, links, data
 * source uids and layout. `npm run dashboards:build` writes `dashboards/*.json` (committed);
 * tests/observability/dashboards.test.ts checks the JSON equals the builder output and runs every query.
 */
export const PLUGIN_ID = 'switchyard-controlplane-app';
export const APP_BASE = `/a/${PLUGIN_ID}`;
export const DS = {
  vm: { type: 'prometheus', uid: 'switchyard-vm' },
  loki: { type: 'loki', uid: 'switchyard-loki' },
} as const;

export type VarName = 'env' | 'service' | 'shard' | 'tenant';
export interface Target {
  expr: string;
  legend?: string;
  instant?: boolean;
}
export interface PanelDef {
  title: string;
  type?: 'timeseries' | 'stat' | 'table' | 'bargauge' | 'logs';
  targets: Target[];
  /** Core panels must return data against the simulator (the query test fails when empty). */
  core?: boolean;
  unit?: string;
  ds?: 'vm' | 'loki';
  w?: number;
  h?: number;
  description?: string;
  /** Data links on series: to the tenant or shard page of the plugin. */
  linkTo?: 'tenant' | 'shard';
}
export interface DashboardDef {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  vars: VarName[];
  panels: PanelDef[];
}

const VARS: Record<VarName, { label: string; query: string }> = {
  env: { label: 'Environment', query: 'label_values(gateway_build_info, env)' },
  service: { label: 'Service', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, service)' },
  shard: { label: 'Shard', query: 'label_values(node_shard_capacity_rps{env=~"$env"}, shard)' },
  tenant: { label: 'Tenant', query: 'label_values(gateway_requests_total{env=~"$env"}, tenant_id)' },
};

export function variableQuery(name: VarName): string {
  return VARS[name].query;
}

function variable(name: VarName) {
  const v = VARS[name];
  return {
    name,
    label: v.label,
    type: 'query',
    datasource: DS.vm,
    query: { qryType: 1, query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    definition: v.query,
    refresh: 2,
    includeAll: true,
    allValue: '.*',
    multi: true,
    sort: 1,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    hide: 0,
  };
}

const links = {
  tenant: [
    {
      title: 'Open tenant ${__field.labels.tenant_id} in Switchyard',
      url: `${APP_BASE}/tenants/\${__field.labels.tenant_id}`,
      targetBlank: false,
    },
  ],
  // Shard panels aggregate by shard, so the service kind is not on the series: open the fleet page.
  shard: [
    {
      title: 'Open the fleet in Switchyard (shard ${__field.labels.shard})',
      url: `${APP_BASE}/placement/fleet`,
      targetBlank: false,
    },
  ],
};

function panel(p: PanelDef, id: number, x: number, y: number) {
  const type = p.type ?? 'timeseries';
  const ds = p.ds === 'loki' ? DS.loki : DS.vm;
  return {
    id,
    type,
    title: p.title,
    description: p.description ?? '',
    datasource: ds,
    gridPos: { x, y, w: p.w ?? 12, h: p.h ?? 8 },
    targets: p.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: ds,
      expr: t.expr,
      legendFormat: t.legend ?? '__auto',
      ...(type === 'table' || type === 'stat' || type === 'bargauge' || t.instant
        ? { instant: true, range: false }
        : { range: true }),
      ...(type === 'table' ? { format: 'table' } : {}),
    })),
    fieldConfig: { defaults: { unit: p.unit ?? 'short', links: p.linkTo ? links[p.linkTo] : [] }, overrides: [] },
    options:
      type === 'logs'
        ? { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true }
        : type === 'timeseries'
          ? {
              legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
              tooltip: { mode: 'multi', sort: 'desc' },
            }
          : {},
  };
}

export function buildDashboard(d: DashboardDef): Record<string, unknown> {
  let x = 0;
  let y = 0;
  let rowH = 0;
  const panels = d.panels.map((p, i) => {
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
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: ['switchyard', ...d.tags],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    templating: { list: d.vars.map(variable) },
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [
      {
        title: 'Switchyard tenants',
        type: 'link',
        url: `${APP_BASE}/tenants`,
        icon: 'apps',
        targetBlank: false,
        includeVars: false,
        keepTime: false,
        tooltip: 'Tenant list in Switchyard',
      },
      ...(d.vars.includes('tenant')
        ? [
            {
              title: 'Open tenant in Switchyard',
              type: 'link',
              url: `${APP_BASE}/tenants/\${tenant}`,
              icon: 'external link',
              targetBlank: false,
              includeVars: false,
              keepTime: true,
              tooltip: 'The selected tenant in Switchyard',
            },
          ]
        : []),
      {
        title: 'Switchyard dashboards',
        type: 'dashboards',
        tags: ['switchyard'],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
      },
    ],
    panels,
  };
}

/** Tenant-level selector used by every tenant series (bounded by the tenant variable). */
export const T = 'env=~"$env", tenant_id=~"$tenant"';
export const R = '$__rate_interval';
