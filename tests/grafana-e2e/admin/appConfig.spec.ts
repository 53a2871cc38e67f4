import { expect, test } from '@grafana/plugin-e2e';
import { PLUGIN_ID } from '../helpers';

test('config page shows the secret as configured and saves without sending it back', async ({
  gotoAppConfigPage,
  page,
}) => {
  const configPage = await gotoAppConfigPage({ pluginId: PLUGIN_ID });
  await expect(page.getByTestId('switchyard-config-form')).toBeVisible();
  await expect(page.getByTestId('switchyard-config-proxy-secret-state')).toContainText(': configured');
  const url = await page.getByTestId('switchyard-config-sidecar-url').inputValue();
  const saved = configPage.waitForSettingsResponse();
  await page.getByTestId('switchyard-config-save').click();
  await expect(saved).toBeOK();
  const settings = await page.request.get(`/api/plugins/${PLUGIN_ID}/settings`);
  const body = await settings.json();
  expect(body.secureJsonData).toBeUndefined();
  expect(body.secureJsonFields.proxySecret).toBe(true);
  expect(body.jsonData.sidecarUrl).toBe(url);
});
