import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TenantCountsSchema } from '../../../contract';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

for (const backend of BACKENDS) {
  describe(`overview tenant counts (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t?.close());

    test('counts every tenant by status and environment, zeros included', async () => {
      const empty = TenantCountsSchema.parse((await t.call('getTenantCounts')).json());
      assert.equal(empty.total, 0);
      assert.equal(empty.byStatus.archived, 0);
      for (const [environment, n] of [
        ['prod', 3],
        ['dev', 1],
      ] as const) {
        for (let i = 0; i < n; i++) {
          const res = await t.call('createTenant', {
            body: tenantBody({ environment }),
            headers: { 'idempotency-key': idempotencyKey() },
          });
          assert.equal(res.statusCode, 201, res.body);
        }
      }
      const someId = (await t.call('listTenants', { query: { environment: 'dev' } })).json().items[0].id;
      assert.equal(
        (await t.call('changeTenantStatus', { params: { id: someId }, body: { to: 'active', reason: 'go live' } }))
          .statusCode,
        200
      );
      const c = TenantCountsSchema.parse((await t.call('getTenantCounts')).json());
      assert.equal(c.total, 4);
      assert.deepEqual(c.byEnvironment, { dev: 1, staging: 0, prod: 3 });
      assert.equal(c.byStatus.provisioning, 3);
      assert.equal(c.byStatus.active, 1);
    });

    test('needs tenants:read', async () => {
      const res = await t.call('getTenantCounts', {
        headers: { 'x-switchyard-granted-action': 'switchyard-controlplane-app.operations:read' },
      });
      assert.equal(res.statusCode, 403);
    });
  });
}
