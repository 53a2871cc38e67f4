import { expect, test } from '@grafana/plugin-e2e';
import { PLUGIN_ID, PROXY, VIEWER_TENANT } from '../helpers';
import { randomUUID } from 'node:crypto';

test('a viewer sees disabled transitions with the reason', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: PLUGIN_ID, path: `/tenants/${VIEWER_TENANT}` });
  const button = page.getByTestId('tenant-transition-suspended');
  await expect(button).toBeDisabled();
  const reasonId = await button.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${reasonId}"]`)).toContainText('tenants:write');
});

test('a proxied POST as viewer is refused by Grafana with 403', async ({ page }) => {
  const res = await page.request.post(`${PROXY}/api/v1/tenants/${VIEWER_TENANT}/status`, {
    headers: { 'idempotency-key': `grafana-e2e-viewer-${randomUUID()}` },
    data: { to: 'suspended', reason: 'viewer tries' },
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toEqual({ message: 'plugin proxy route access denied' });
});
