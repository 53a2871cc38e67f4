import type { Configuration } from 'webpack';

/**
 * Modules Grafana shares with plugins at runtime (GRAFANA.md §7.3/§7.3a, Grafana's
 * `sharedDependencies.ts`). Everything listed here stays out of the bundle and appears in the
 * AMD `define([...])` list; nothing outside Grafana's shared map may appear there.
 *
 * Deliberately NOT external (bundled):
 * - `react-router-dom`: Grafana shares react-router **v5** under that name; we use v6, whose
 *   router core Grafana shares as `react-router` (Scenes' imports of it are mapped there, below).
 * - `@grafana/scenes`, `@grafana/schema`, `@grafana/i18n`, `@grafana/e2e-selectors`: not shared.
 */
export const externals: NonNullable<Configuration['externals']> = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-dom/server',
  'react-inlinesvg',
  'react-redux',
  'redux',
  'rxjs',
  'rxjs/operators',
  'react-router',
  'd3',
  'i18next',
  // Regexes so that deep imports (`@grafana/data/unstable`, …) are external too.
  /^@grafana\/ui(\/.*)?$/i,
  /^@grafana\/runtime(\/.*)?$/i,
  /^@grafana\/data(\/.*)?$/i, // Scenes imports only react-router v6 core APIs (Routes, Route, matchPath, useLocation, useParams)
  // through react-router-dom, which re-exports them from `react-router`. Scenes gets them straight
  // from Grafana's shared `react-router`, so react-router-dom and its data-router core (~75 KB of
  // the JavaScript every page loads) stay out of the bundle. The app's own links: shared/Link.tsx.
  ({ context, request }, callback) => {
    if (request === 'react-router-dom' && context && /node_modules[\\/]@grafana[\\/]scenes[\\/]/.test(context)) {
      callback(undefined, 'react-router');
      return;
    }
    callback();
  },
];

/** The names above that Grafana provides; used by the build check of the define list. */
export const SHARED_MODULE_NAMES = new Set<string>([
  '@emotion/css',
  '@emotion/react',
  'emotion',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/ui',
  '@grafana/ui/unstable',
  '@grafana/slate-react',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-dom/server',
  'react-inlinesvg',
  'react-redux',
  'redux',
  'react-router',
  'rxjs',
  'rxjs/operators',
  'lodash',
  'moment',
  'd3',
  'jquery',
  'prismjs',
  'slate',
  'slate-react',
  'slate-plain-serializer',
  'i18next',
]);
