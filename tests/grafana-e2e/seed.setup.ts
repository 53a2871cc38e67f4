import { test as setup } from '@playwright/test';
import { ensureActiveTenant, STATUS_TENANT, VIEWER_TENANT } from './helpers';

setup('seed tenants through the Grafana plugin proxy', async ({ request }) => {
  for (const id of [STATUS_TENANT, VIEWER_TENANT]) {
    await ensureActiveTenant(request, id);
  }
});
