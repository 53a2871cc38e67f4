import { expect, test } from '@grafana/plugin-e2e';
import { PLUGIN_ID, STATUS_TENANT } from '../helpers';

test('the app opens on Tenants and the list renders rows', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: PLUGIN_ID, path: '/tenants' });
  await expect(page.getByRole('heading', { name: 'Tenants', level: 1 })).toBeVisible();
  await expect(page.getByTestId('tenants-row').first()).toBeVisible();
});

test('search writes q= to the URL and filters rows', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: PLUGIN_ID, path: '/tenants' });
  await page.getByTestId('tenants-search').fill(STATUS_TENANT);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${STATUS_TENANT}`));
  await expect(page.getByTestId('tenants-row')).toHaveCount(1);
});

test('a shared URL with a status filter restores it', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: PLUGIN_ID, path: '/tenants?status=active' });
  const badges = page.getByTestId('tenants-row').getByTestId('status-badge');
  await expect(badges.first()).toBeVisible();
  for (const b of await badges.allTextContents()) expect(b).toMatch(/active/i);
});

test('tenant detail has Overview and Activity tabs', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: PLUGIN_ID, path: `/tenants/${STATUS_TENANT}` });
  await expect(page.getByTestId('tenant-overview')).toBeVisible();
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${STATUS_TENANT}/activity`));
  await expect(page.getByTestId('tenant-activity')).toBeVisible();
});
