/** Tenants list: search and filters live in the URL, a shared URL restores them, next/previous page. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, open } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

async function rowIds(page: Page): Promise<string[]> {
  return page
    .getByTestId(testIds.tenants.row)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant-id') ?? ''));
}

/** Waits until the table shows rows satisfying `ok` and is not busy. */
async function waitRows(page: Page, ok: (ids: string[]) => boolean, what: string): Promise<string[]> {
  const until = Date.now() + 10_000;
  let ids: string[] = [];
  while (Date.now() < until) {
    ids = await rowIds(page);
    const busy = await page
      .getByTestId(testIds.tenants.table)
      .getAttribute('aria-busy')
      .catch(() => null);
    if (busy !== 'true' && ids.length > 0 && ok(ids)) return ids;
    await page.waitForTimeout(100);
  }
  throw new Error(`rows never matched: ${what}; last: ${ids.join(',')}`);
}

describeLines('tenants list', (ctx) => {
  it('search by text updates the URL (q=) and the rows', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`);
    await waitRows(t.page, (ids) => ids.length === 50, 'first page of 50');
    await t.page.getByTestId(testIds.tenants.search).fill('globex');
    await t.page.waitForURL(/[?&]q=globex/);
    const ids = await waitRows(t.page, (x) => x.every((id) => id.includes('globex')), 'only globex');
    assert.ok(ids.length >= 3, ids.join());
    await ctx.shot(t, 'tenants-search');
    assertClean(t);
    await t.page.close();
  });

  it('a shared URL with filters restores them; choosing a filter in the UI writes it to the URL', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants?status=suspended`);
    await waitRows(t.page, () => true, 'suspended rows');
    const badges = await t.page.getByTestId(testIds.tenants.row).getByTestId(testIds.statusBadge).allTextContents();
    assert.ok(badges.length > 0 && badges.every((b) => /suspended/i.test(b)), badges.join());
    await t.page.getByLabel('Filter by environment').click();
    await t.page.getByRole('option', { name: 'staging' }).click();
    await t.page.keyboard.press('Escape');
    await t.page.waitForURL(/[?&]environment=staging/);
    assert.match(t.page.url(), /status=suspended/);
    await waitRows(t.page, (ids) => ids.every((id) => id.includes('staging')), 'staging + suspended');
    await ctx.shot(t, 'tenants-filtered');
    assertClean(t);
    await t.page.close();
  });

  it('next and previous page move the keyset cursor in the URL', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`);
    const first = await waitRows(t.page, (ids) => ids.length === 50, 'page 1');
    assert.equal(await t.page.getByTestId(testIds.tenants.prevPage).isDisabled(), true);
    await t.page.getByTestId(testIds.tenants.nextPage).click();
    await t.page.waitForURL(/[?&]cursor=/);
    const second = await waitRows(t.page, (ids) => ids[0] !== first[0], 'page 2');
    assert.ok(second.length >= 10, `${second.length}`);
    assert.ok(
      second.every((id) => !first.includes(id)),
      'pages do not overlap'
    );
    await ctx.shot(t, 'tenants-page-2');
    await t.page.getByTestId(testIds.tenants.prevPage).click();
    const back = await waitRows(t.page, (ids) => ids[0] === first[0], 'back on page 1');
    assert.deepEqual(back, first, 'previous returns exactly page 1');
    // The URL may keep a backward keyset cursor that denotes page 1: shareable and equivalent.
    assertClean(t);
    await t.page.close();
  });
});
