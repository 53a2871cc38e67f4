/**
 * Grafana's shared-module map (grafana/grafana public/app/features/plugins/loader/sharedDependencies.ts,
 * GRAFANA.md §7.3a): exactly the names a plugin's AMD `define([...])` may list. `react-router-dom` is
 * react-router v5 and `react-router` is v6 (react-router-dom-v5-compat), as in Grafana.
 * `from` is the package the host imports for it; `kind` is how Grafana wraps it.
 */
export type SharedKind = 'ns' | 'grafana-ui' | 'useDefault' | 'lodash' | 'moment' | 'i18next' | 'fake' | 'legacy';

export interface SharedEntry {
  name: string;
  from?: string;
  kind: SharedKind;
}

const ns = (name: string, from = name): SharedEntry => ({ name, from, kind: 'ns' });

const FLOT = [
  'jquery.flot.crosshair',
  'jquery.flot.events',
  'jquery.flot.fillbelow',
  'jquery.flot.gauge',
  'jquery.flot.pie',
  'jquery.flot.selection',
  'jquery.flot.stack',
  'jquery.flot.stackpercent',
  'jquery.flot.time',
  'jquery.flot',
];

export const SHARED_MODULES: SharedEntry[] = [
  ns('@emotion/css'),
  ns('@emotion/react'),
  ns('@grafana/data'),
  ns('@grafana/data/unstable'),
  ns('@grafana/runtime'),
  ns('@grafana/runtime/unstable'),
  ns('@grafana/slate-react', 'slate-react'),
  { name: '@grafana/ui', from: '@grafana/ui', kind: 'grafana-ui' },
  ns('@grafana/ui/unstable'),
  ns('@kusto/monaco-kusto'),
  { name: 'app/core/app_events', kind: 'legacy' },
  { name: 'app/core/config', kind: 'legacy' },
  { name: 'app/core/core', kind: 'legacy' },
  { name: 'app/core/services/backend_srv', kind: 'legacy' },
  { name: 'app/core/utils/datemath', kind: 'legacy' },
  ns('d3'),
  ns('emotion', '@emotion/css'),
  { name: 'i18next', from: 'host:i18n-internal', kind: 'i18next' },
  { name: 'jquery', from: 'jquery', kind: 'useDefault' },
  ...FLOT.map((name): SharedEntry => ({ name, kind: 'fake' })),
  { name: 'lodash', from: 'lodash', kind: 'lodash' },
  { name: 'moment', from: 'moment', kind: 'moment' },
  ns('prismjs'),
  ns('react'),
  ns('react/jsx-runtime'),
  ns('react/jsx-dev-runtime'),
  ns('react-dom'),
  ns('react-dom/client'),
  ns('react-dom/server'),
  ns('react-inlinesvg'),
  ns('react-redux'),
  ns('react-router-dom', 'host:react-router-dom-v5'),
  ns('react-router', 'host:react-router-dom-v5-compat'),
  ns('redux'),
  ns('rxjs'),
  ns('rxjs/operators'),
  ns('slate'),
  ns('slate-plain-serializer'),
  ns('slate-react'),
];
