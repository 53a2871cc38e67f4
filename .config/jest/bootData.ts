/**
 * Runs before any module loads: @grafana/runtime reads `window.grafanaBootData` when its config
 * module is first evaluated. Tests set permissions through `src/test/permissions.ts`.
 */
Object.assign(window, {
  grafanaBootData: {
    settings: { appSubUrl: '', buildInfo: { version: '12.4.0' }, featureToggles: {} },
    user: { login: 'tester', orgId: 1, orgRole: 'Admin', timezone: 'utc', weekStart: 'monday', permissions: {} },
    navTree: [],
  },
});
