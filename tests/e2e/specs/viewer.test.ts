/** A viewer: mutating buttons are disabled with the reason; a direct proxied POST is refused with 403. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { APP, PLUGIN_ID, open, tenantFor } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

describeLines('viewer', (ctx) => {
  it('transition buttons are disabled and explain the missing role', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenantFor(ctx.line, 'bulk')}`, 'viewer');
    await t.page.getByTestId(testIds.tenant.overview).waitFor();
    const btn = t.page.getByTestId(`${testIds.tenant.transitionPrefix}suspended`);
    assert.equal(await btn.isDisabled(), true);
    const describedBy = await btn.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the disabled button is described by its reason');
    const reason = await t.page.locator(`[id="${describedBy}"]`).textContent();
    assert.match(reason ?? '', /Switchyard Operator.*tenants:write/);
    await ctx.shot(t, 'viewer-tenant');
    await open(t.page, ctx.url, `${APP}/tenants`, 'viewer');
    await t.page.getByTestId(testIds.tenants.row).first().waitFor();
    await ctx.shot(t, 'viewer-tenants');
    assertClean(t);
    await t.page.close();
  });

  it("a proxied POST made from the page as viewer gets Grafana's 403 and changes nothing", async () => {
    const t = await ctx.page({ allowConsole: [/403/] });
    const id = tenantFor(ctx.line, 'bulk');
    await open(t.page, ctx.url, `${APP}/tenants`, 'viewer');
    const res = await t.page.evaluate(
      async ([pid, tid]) => {
        const r = await fetch(`/api/plugin-proxy/${pid}/api/v1/tenants/${tid}/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `viewer-${crypto.randomUUID()}` },
          body: JSON.stringify({ to: 'suspended', reason: 'viewer tries' }),
        });
        return { status: r.status, body: await r.json() };
      },
      [PLUGIN_ID, id]
    );
    assert.deepEqual(res, { status: 403, body: { message: 'plugin proxy route access denied' } });
    const get = await t.page.evaluate(
      async ([pid, tid]) => (await fetch(`/api/plugin-proxy/${pid}/api/v1/tenants/${tid}`)).json(),
      [PLUGIN_ID, id]
    );
    assert.notEqual(get.status, 'suspended');
    await t.page.close();
  });
});
