/**
 * The key browser flows against a REAL Grafana with @grafana/plugin-e2e (not run on machines without
 * Docker). Start the stack with `docker compose up -d` (Grafana on :3000 with dist/ and provisioning/
 * mounted, the sidecar behind it), then `npm run e2e:grafana`. GRAFANA_URL overrides the address.
 */
import { defineConfig, devices } from '@playwright/test';
import type { PluginOptions } from '@grafana/plugin-e2e';
import { dirname } from 'node:path';

const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

export default defineConfig<PluginOptions>({
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { outputFolder: '../../artifacts/grafana-e2e-report', open: 'never' }]],
  outputDir: '../../artifacts/grafana-e2e',
  use: {
    baseURL: process.env.GRAFANA_URL ?? 'http://localhost:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    grafanaAPICredentials: {
      user: process.env.GRAFANA_ADMIN_USER ?? 'admin',
      password: process.env.GRAFANA_ADMIN_PASSWORD ?? 'admin',
    },
  },
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'createViewer',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
      use: { user: { user: 'switchyard-viewer', password: 'switchyard-viewer-pw', role: 'Viewer' } },
    },
    { name: 'seed', testMatch: /seed\.setup\.ts/, dependencies: ['auth'] },
    {
      name: 'admin',
      testMatch: /admin\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], storageState: 'playwright/.auth/admin.json' },
      dependencies: ['auth', 'seed'],
    },
    {
      name: 'viewer',
      testMatch: /viewer\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], storageState: 'playwright/.auth/switchyard-viewer.json' },
      dependencies: ['createViewer', 'seed'],
    },
  ],
});
