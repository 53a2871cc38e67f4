import { expect, test } from '@grafana/plugin-e2e';
import { PLUGIN_ID, STATUS_TENANT } from '../helpers';

test('suspend with a reason through the modal; the audit entry shows on Activity', async ({ gotoAppPage, page }) => {
  const reason = `grafana-e2e ${Date.now()}: suspending for the test`;
  await gotoAppPage({ pluginId: PLUGIN_ID, path: `/tenants/${STATUS_TENANT}` });
  await page.getByTestId('tenant-transition-suspended').click();
  const modal = page.getByTestId('reason-modal');
  await modal.getByTestId('reason-modal-input').fill(reason);
  await modal.getByTestId('reason-modal-submit').click();
  await expect(modal).toBeHidden();
  await expect(page.getByTestId('tenant-overview').getByTestId('status-badge').first()).toHaveText(/suspended/i);
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByTestId('tenant-activity-row').filter({ hasText: reason }).first()).toBeVisible();
});
