/**
 * The stored tenant document (`tenants.document`) the list route sends: every write path keeps it
 * equal to the document derived from the row's own columns, it carries the contract's fields and
 * nothing else, and a list page built from it is the page built from the rows, valid against the
 * contract — on both stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { TenantPageSchema, TenantSchema, endpoints, type Tenant, type TenantPage } from '../../../contract';
import { Mutations } from '../../kernel/mutations';
import { ALL_TENANTS } from '../../kernel/scope';
import { BACKENDS, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';
import { TenantImport } from './tenantImport';
import { TenantsService } from './tenants.service';
import { rowToTenant, tenantDocument } from './tenants.store';

const ACTOR = { actor: { login: 'sync', orgId: 1, role: 'system' }, requestId: 'doc-test' };

for (const backend of BACKENDS) {
  describe(`stored tenant documents (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t?.close());
    const mutations = () => new Mutations(t.database.db, pino({ level: 'silent' }), t.clock);

    /** Every row's stored document against the one its columns give; returns the rows checked. */
    async function assertNoDrift(): Promise<number> {
      const rows = await t.database.db.selectFrom('tenants').selectAll().orderBy('id').execute();
      for (const row of rows) {
        assert.equal(row.document, tenantDocument(rowToTenant(row)), `document of ${row.id} matches its columns`);
      }
      return rows.length;
    }

    async function documentOf(id: string): Promise<Tenant> {
      const row = await t.database.db
        .selectFrom('tenants')
        .select('document')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return JSON.parse(row.document) as Tenant;
    }

    test('every write path keeps the document equal to the columns', async () => {
      const ok = (r: { statusCode: number; body: string }, status = 200) => assert.equal(r.statusCode, status, r.body);
      const created = tenantBody({ contacts: [{ name: 'Ops', email: 'ops@example.com' }] });
      const id = created.id as string;
      ok(await t.call('createTenant', { body: created }), 201);
      assert.equal(await assertNoDrift(), 1);
      assert.deepEqual(await documentOf(id), (await t.call('getTenant', { params: { id } })).json());

      const edits: Array<Record<string, unknown>> = [
        { displayName: 'Renamed' },
        { plan: 'enterprise' },
        { labels: { region: 'us-east', owner: 'payments' } },
        { quotas: { requestsPerSecond: 7, storageGb: 8, maxConnections: 9 } },
        { featureFlags: { beta: true, killSwitch: false } },
        { contacts: [{ name: 'Billing', email: 'billing@example.com', role: 'billing' }] },
      ];
      for (const [i, patch] of edits.entries()) {
        ok(await t.call('updateTenant', { params: { id }, body: patch, headers: { 'if-match': `"${i + 1}"` } }));
        await assertNoDrift();
      }
      for (const to of ['active', 'suspended', 'active'] as const) {
        ok(await t.call('changeTenantStatus', { params: { id }, body: { to, reason: `to ${to}` } }));
        await assertNoDrift();
      }
      const second = tenantBody();
      ok(await t.call('createTenant', { body: second }), 201);
      ok(
        await t.call('bulkTenantStatus', {
          body: { ids: [id, second.id as string], to: 'suspended', reason: 'maintenance window' },
        })
      );
      await assertNoDrift();
      ok(await t.call('archiveTenant', { params: { id: second.id as string }, body: { reason: 'gone' } }));
      await assertNoDrift();

      // The platform inventory's writes: an import (create) and a sync (update).
      const importer = new TenantImport(t.database.db, mutations());
      const entry = {
        id: 'imported-001',
        displayName: 'Imported',
        environment: 'prod' as const,
        plan: 'team' as const,
        organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
        applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      };
      assert.equal(await importer.apply(ACTOR, entry, 'inventory'), 'created');
      assert.equal(await importer.apply(ACTOR, { ...entry, displayName: 'Imported, renamed' }, 'inventory'), 'updated');
      assert.equal(await assertNoDrift(), 3);

      const final = (await t.call('getTenant', { params: { id } })).json() as Tenant;
      assert.equal(final.version, 1 + edits.length + 4);
      assert.deepEqual(await documentOf(id), final, 'the document is the tenant the API returns');
    });

    test('the document holds the contract fields only, in contract order, at every depth', () => {
      const tenant = {
        ...TenantSchema.parse({
          ...tenantBody({ contacts: [{ name: 'Ops', email: 'ops@example.com', role: 'owner' }] }),
          quotas: { requestsPerSecond: 1, storageGb: 2, maxConnections: 3 },
          featureFlags: { beta: true, killSwitch: true },
          status: 'active',
          version: 3,
          createdAt: '2024-01-01T00:00:00.000Z',
          updatedAt: '2024-01-02T00:00:00.000Z',
        }),
        apiToken: 'secret-token',
      } as Tenant;
      const withExtras = {
        ...tenant,
        quotas: { ...tenant.quotas, adminPassword: 'x' },
        contacts: tenant.contacts.map((c) => ({ ...c, phonePin: '1234' })),
      } as unknown as Tenant;
      const doc = tenantDocument(withExtras);
      assert.doesNotMatch(doc, /secret-token|adminPassword|phonePin/);
      const parsed = JSON.parse(doc) as Record<string, unknown>;
      assert.deepEqual(Object.keys(parsed), Object.keys(TenantSchema.shape));
      assert.deepEqual(Object.keys(parsed.featureFlags as object), ['killSwitch', 'beta']);
      assert.deepEqual(TenantSchema.parse(parsed), parsed, 'a valid tenant, unchanged by the contract');
    });

    test('list pages from stored documents equal the pages built from the rows and match the contract', async () => {
      for (let i = 0; i < 12; i++) {
        const r = await t.call('createTenant', {
          body: tenantBody({ displayName: `Page ${i % 4}`, labels: { team: i % 2 ? 'a' : 'b' } }),
        });
        assert.equal(r.statusCode, 201, r.body);
      }
      const service = new TenantsService(t.database.db, mutations(), t.clock);
      for (const sort of ['id', '-displayName', 'status', '-updatedAt']) {
        for (const extra of [{}, { label: 'team=a' }] as Array<Record<string, string>>) {
          let cursor: string | null = null;
          let pages = 0;
          do {
            const query: Record<string, string | number> = { limit: 4, sort, ...extra, ...(cursor ? { cursor } : {}) };
            const res = await t.call('listTenants', { query });
            assert.equal(res.statusCode, 200, res.body);
            assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
            const body = JSON.parse(res.body) as TenantPage;
            assert.deepEqual(TenantPageSchema.parse(body), body, `${sort} page ${pages} matches the contract`);
            const parsedQuery = endpoints.listTenants.query!.parse({ ...query, limit: '4' });
            const fromRows = await service.list(ALL_TENANTS, parsedQuery);
            assert.deepEqual(body, JSON.parse(JSON.stringify(fromRows)), `${sort} page ${pages} equals the row page`);
            cursor = body.nextCursor;
            pages++;
          } while (cursor && pages < 20);
          assert.ok(pages >= 2, `${sort} spans pages`);
        }
      }
    });
  });
}
