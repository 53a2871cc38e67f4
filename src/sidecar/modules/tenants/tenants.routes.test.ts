import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANT_STATUSES, TENANT_TRANSITIONS, TenantSchema, type TenantStatus } from '../../../contract';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

/** Shortest path of legal transitions from provisioning to `target`. */
function pathTo(target: TenantStatus): TenantStatus[] {
  const prev = new Map<TenantStatus, TenantStatus | null>([['provisioning', null]]);
  const queue: TenantStatus[] = ['provisioning'];
  while (queue.length) {
    const s = queue.shift()!;
    for (const n of TENANT_TRANSITIONS[s]) {
      if (!prev.has(n)) {
        prev.set(n, s);
        queue.push(n);
      }
    }
  }
  const path: TenantStatus[] = [];
  for (let s: TenantStatus | null | undefined = target; s && s !== 'provisioning'; s = prev.get(s)) path.unshift(s);
  return path;
}

for (const backend of BACKENDS) {
  describe(`tenants API (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t?.close());

    async function create(overrides: Record<string, unknown> = {}) {
      const res = await t.call('createTenant', {
        body: tenantBody(overrides),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 201, res.body);
      return TenantSchema.parse(res.json());
    }
    async function moveTo(id: string, status: TenantStatus) {
      for (const to of pathTo(status)) {
        const r = await t.call('changeTenantStatus', { params: { id }, body: { to, reason: 'walking the lifecycle' } });
        assert.equal(r.statusCode, 200, r.body);
      }
    }

    test('create returns 201 with version 1, status provisioning and an ETag; get returns the same tenant', async () => {
      const res = await t.call('createTenant', {
        body: tenantBody({ id: 'acme-prod' }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers.etag, '"1"');
      const created = res.json();
      assert.equal(created.status, 'provisioning');
      assert.deepEqual(created.quotas, { requestsPerSecond: 100, storageGb: 10, maxConnections: 50 });
      const got = await t.call('getTenant', { params: { id: 'acme-prod' } });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), created);
    });

    test('unknown tenant is 404 for get, update, status and archive', async () => {
      const id = 'no-such-tenant';
      assert.equal((await t.call('getTenant', { params: { id } })).statusCode, 404);
      assert.equal(
        (await t.call('updateTenant', { params: { id }, body: { displayName: 'x' }, headers: { 'if-match': '"1"' } }))
          .statusCode,
        404
      );
      assert.equal(
        (await t.call('changeTenantStatus', { params: { id }, body: { to: 'active', reason: 'because' } })).statusCode,
        404
      );
      const res = await t.call('archiveTenant', { params: { id }, body: { reason: 'because' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'not_found');
    });

    test('validation failures are 400 validation_failed naming the field, with a request id', async () => {
      const res = await t.call('createTenant', {
        body: tenantBody({ id: 'Bad Id' }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 400);
      const err = res.json();
      assert.equal(err.code, 'validation_failed');
      assert.equal(err.field, 'id');
      assert.equal(err.requestId, res.headers['x-request-id']);
      const badParam = await t.call('getTenant', { params: { id: 'UPPER' } });
      assert.equal(badParam.json().field, 'id');
      const badQuery = await t.call('listTenants', { query: { sort: 'bogus' } });
      assert.equal(badQuery.statusCode, 400);
      assert.equal(badQuery.json().field, 'sort');
      const noReason = await t.call('archiveTenant', { params: { id: 'acme-prod' }, body: { reason: ' ' } });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().field, 'reason');
    });

    test('a reason or display name of only invisible characters is 400 naming the field; nothing changes', async () => {
      const tenant = await create();
      const before = await t.counts();
      const blank = '\u200b\u200b\u200b';
      const reason = await t.call('changeTenantStatus', {
        params: { id: tenant.id },
        body: { to: 'active', reason: blank },
      });
      assert.equal(reason.statusCode, 400, reason.body);
      assert.equal(reason.json().field, 'reason');
      assert.match(reason.json().message, /^reason: Give a reason in visible characters/);
      const created = await t.call('createTenant', { body: tenantBody({ displayName: '\u200b\u200d\u2060' }) });
      assert.equal(created.statusCode, 400, created.body);
      assert.equal(created.json().field, 'displayName');
      assert.match(created.json().message, /visible characters/);
      const renamed = await t.call('updateTenant', {
        params: { id: tenant.id },
        body: { displayName: '\u3164 \u00a0' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(renamed.statusCode, 400, renamed.body);
      assert.equal(renamed.json().field, 'displayName');
      assert.deepEqual(await t.counts(), before);
      const fine = await t.call('changeTenantStatus', {
        params: { id: tenant.id },
        body: { to: 'active', reason: 'ticket OPS-1 \u200b(approved)' },
      });
      assert.equal(fine.statusCode, 200, fine.body);
    });

    test('duplicate id is 409 conflict and writes nothing', async () => {
      const first = await create();
      const before = await t.counts();
      const res = await t.call('createTenant', {
        body: tenantBody({ id: first.id }),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'conflict');
      const after = await t.counts();
      assert.deepEqual(
        { tenants: after.tenants, audit: after.audit },
        { tenants: before.tenants, audit: before.audit }
      );
    });

    describe('Idempotency-Key', () => {
      test('missing key is 400 idempotency_key_missing and creates nothing', async () => {
        const before = await t.counts();
        const res = await t.call('createTenant', { body: tenantBody(), headers: { 'idempotency-key': undefined } });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'idempotency_key_missing');
        assert.deepEqual(await t.counts(), before);
      });

      test('same key + same body replays the stored status and body without a second tenant or audit entry', async () => {
        const key = idempotencyKey();
        const body = tenantBody();
        const first = await t.call('createTenant', { body, headers: { 'idempotency-key': key } });
        const before = await t.counts();
        // Key order must not matter: the request hash is over canonical JSON.
        const reordered = Object.fromEntries(Object.entries(body).reverse());
        const second = await t.call('createTenant', { body: reordered, headers: { 'idempotency-key': key } });
        assert.equal(second.statusCode, 201);
        assert.equal(second.headers['idempotent-replayed'], 'true');
        assert.deepEqual(second.json(), first.json());
        assert.deepEqual(await t.counts(), before);
      });

      test('same key + different body is 422 idempotency_key_reused', async () => {
        const key = idempotencyKey();
        await t.call('createTenant', { body: tenantBody(), headers: { 'idempotency-key': key } });
        const before = await t.counts();
        const res = await t.call('createTenant', { body: tenantBody(), headers: { 'idempotency-key': key } });
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'idempotency_key_reused');
        assert.deepEqual(await t.counts(), before);
      });

      test('keys are scoped per user: another user may use the same key', async () => {
        const key = idempotencyKey();
        assert.equal(
          (await t.call('createTenant', { body: tenantBody(), headers: { 'idempotency-key': key } })).statusCode,
          201
        );
        const bob = await t.call('createTenant', {
          body: tenantBody(),
          headers: { 'idempotency-key': key },
          token: { claims: { username: 'bob', sub: 'user:2' } },
        });
        assert.equal(bob.statusCode, 201);
      });

      test('a duplicate while the first is still in progress is 409 idempotency_in_progress; a stale lock is taken over', async () => {
        const key = idempotencyKey();
        const body = tenantBody();
        const first = await t.call('createTenant', { body, headers: { 'idempotency-key': key } });
        assert.equal(first.statusCode, 201);
        // Put the key back into the state of an attempt that is still running.
        await t.database.db
          .updateTable('idempotency_keys')
          .set({ state: 'in_progress', locked_at: t.clock.now().toISOString() })
          .where('key', '=', key)
          .execute();
        const dup = await t.call('createTenant', { body, headers: { 'idempotency-key': key } });
        assert.equal(dup.statusCode, 409);
        assert.equal(dup.json().code, 'idempotency_in_progress');
        // An attempt that died long ago no longer blocks: the request runs again (and finds the tenant).
        await t.database.db
          .updateTable('idempotency_keys')
          .set({ locked_at: '2000-01-01T00:00:00.000Z' })
          .where('key', '=', key)
          .execute();
        const retry = await t.call('createTenant', { body, headers: { 'idempotency-key': key } });
        assert.equal(retry.statusCode, 409);
        assert.equal(retry.json().code, 'conflict');
      });

      test('concurrent duplicates create exactly one tenant; the others see in-progress or the replay', async () => {
        const key = idempotencyKey();
        const body = tenantBody();
        const before = await t.counts();
        const all = await Promise.all(
          Array.from({ length: 6 }, () => t.call('createTenant', { body, headers: { 'idempotency-key': key } }))
        );
        const codes = all.map((r) => r.statusCode);
        assert.ok(
          codes.every((c) => c === 201 || c === 409),
          codes.join(',')
        );
        assert.ok(codes.includes(201));
        for (const r of all.filter((r) => r.statusCode === 409)) assert.equal(r.json().code, 'idempotency_in_progress');
        const after = await t.counts();
        assert.equal(after.tenants, before.tenants + 1);
        assert.equal(after.audit, before.audit + 1);
      });
    });

    describe('Idempotency-Key on status, bulk status, archive and edit', () => {
      test('each refuses a request without a key, changing nothing', async () => {
        const tenant = await create();
        const params = { id: tenant.id };
        const noKey = { 'idempotency-key': undefined };
        const before = await t.counts();
        const calls = [
          t.call('changeTenantStatus', { params, body: { to: 'active', reason: 'go live' }, headers: noKey }),
          t.call('archiveTenant', { params, body: { reason: 'customer left' }, headers: noKey }),
          t.call('bulkTenantStatus', { body: { ids: [tenant.id], to: 'active', reason: 'go live' }, headers: noKey }),
          t.call('updateTenant', {
            params,
            body: { displayName: 'Renamed' },
            headers: { ...noKey, 'if-match': '"1"' },
          }),
        ];
        for (const res of await Promise.all(calls)) {
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'idempotency_key_missing');
          assert.equal(res.json().field, 'Idempotency-Key');
        }
        assert.deepEqual(await t.counts(), before);
      });

      test('a status change replayed with its key returns the stored tenant and changes nothing more', async () => {
        const tenant = await create();
        const key = idempotencyKey();
        const body = { to: 'active', reason: 'go live' };
        const first = await t.call('changeTenantStatus', {
          params: { id: tenant.id },
          body,
          headers: { 'idempotency-key': key },
        });
        assert.equal(first.statusCode, 200, first.body);
        const before = await t.counts();
        const again = await t.call('changeTenantStatus', {
          params: { id: tenant.id },
          body,
          headers: { 'idempotency-key': key },
        });
        assert.equal(again.statusCode, 200);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.equal(again.headers.etag, '"2"');
        assert.deepEqual(again.json(), first.json());
        assert.deepEqual(await t.counts(), before);
        const other = await t.call('changeTenantStatus', {
          params: { id: tenant.id },
          body: { to: 'suspended', reason: 'go live' },
          headers: { 'idempotency-key': key },
        });
        assert.equal(other.statusCode, 422);
        assert.equal(other.json().code, 'idempotency_key_reused');
      });

      test('an archive replayed with its key is the stored 200, not a second (illegal) archive', async () => {
        const tenant = await create();
        const key = idempotencyKey();
        const body = { reason: 'customer left' };
        const first = await t.call('archiveTenant', {
          params: { id: tenant.id },
          body,
          headers: { 'idempotency-key': key },
        });
        assert.equal(first.statusCode, 200, first.body);
        const again = await t.call('archiveTenant', {
          params: { id: tenant.id },
          body,
          headers: { 'idempotency-key': key },
        });
        assert.equal(again.statusCode, 200);
        assert.deepEqual(again.json(), first.json());
        const audit = (await t.call('listAudit', { query: { targetId: tenant.id, action: 'tenant.archive' } })).json();
        assert.equal(audit.items.length, 1);
      });

      test('a bulk change replayed with its key returns the whole per-id report, changing nothing more', async () => {
        const a = await create();
        const b = await create();
        await moveTo(b.id, 'archived');
        const key = idempotencyKey();
        const body = { ids: [a.id, b.id], to: 'active', reason: 'go live' };
        const first = await t.call('bulkTenantStatus', { body, headers: { 'idempotency-key': key } });
        assert.equal(first.statusCode, 200, first.body);
        assert.deepEqual(
          first.json().results.map((r: { id: string; ok: boolean }) => [r.id, r.ok]),
          [
            [a.id, true],
            [b.id, false],
          ]
        );
        const before = await t.counts();
        const again = await t.call('bulkTenantStatus', { body, headers: { 'idempotency-key': key } });
        assert.equal(again.statusCode, 200);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.deepEqual(again.json(), first.json());
        assert.deepEqual(await t.counts(), before);
      });

      test('an edit replayed with its key returns the stored version; a 412 releases the key for a retry', async () => {
        const tenant = await create();
        const key = idempotencyKey();
        const edit = { params: { id: tenant.id }, body: { displayName: 'Renamed once' } };
        const first = await t.call('updateTenant', { ...edit, headers: { 'idempotency-key': key, 'if-match': '"1"' } });
        assert.equal(first.statusCode, 200, first.body);
        const again = await t.call('updateTenant', { ...edit, headers: { 'idempotency-key': key, 'if-match': '"1"' } });
        assert.equal(again.statusCode, 200);
        assert.equal(again.headers.etag, '"2"');
        assert.equal(again.json().version, 2);
        const staleKey = idempotencyKey();
        const stale = await t.call('updateTenant', {
          params: { id: tenant.id },
          body: { plan: 'business' },
          headers: { 'idempotency-key': staleKey, 'if-match': '"1"' },
        });
        assert.equal(stale.statusCode, 412);
        assert.equal(stale.json().details.current.displayName, 'Renamed once');
        const retried = await t.call('updateTenant', {
          params: { id: tenant.id },
          body: { plan: 'business' },
          headers: { 'idempotency-key': staleKey, 'if-match': '"2"' },
        });
        assert.equal(retried.statusCode, 200, retried.body);
        assert.equal(retried.json().plan, 'business');
        assert.equal(retried.json().displayName, 'Renamed once');
      });
    });

    describe('If-Match on update', () => {
      test('missing If-Match is 428, stale is 412 with the current version, matching updates and bumps the version', async () => {
        const tenant = await create();
        const params = { id: tenant.id };
        const missing = await t.call('updateTenant', { params, body: { displayName: 'Renamed' } });
        assert.equal(missing.statusCode, 428);
        assert.equal(missing.json().code, 'precondition_required');
        const ok = await t.call('updateTenant', {
          params,
          body: { displayName: 'Renamed', labels: { team: 'core' } },
          headers: { 'if-match': '"1"' },
        });
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal(ok.json().version, 2);
        assert.equal(ok.headers.etag, '"2"');
        const before = await t.counts();
        const stale = await t.call('updateTenant', {
          params,
          body: { displayName: 'Again' },
          headers: { 'if-match': '"1"' },
        });
        assert.equal(stale.statusCode, 412);
        assert.equal(stale.json().code, 'precondition_failed');
        assert.equal(stale.json().details.currentVersion, 2);
        assert.deepEqual(TenantSchema.parse(stale.json().details.current), ok.json());
        assert.deepEqual(await t.counts(), before);
        const got = (await t.call('getTenant', { params })).json();
        assert.equal(got.displayName, 'Renamed');
        assert.deepEqual(got.labels, { team: 'core' });
        const byNewLabel = (await t.call('listTenants', { query: { label: 'team=core' } })).json();
        assert.deepEqual(
          byNewLabel.items.map((x: { id: string }) => x.id),
          [tenant.id]
        );
        const byOldLabel = (await t.call('listTenants', { query: { label: 'tier', q: tenant.id } })).json();
        assert.equal(byOldLabel.items.length, 0);
      });
    });

    describe('status lifecycle', () => {
      test('every legal transition is accepted and bumps the version', async () => {
        for (const [from, tos] of Object.entries(TENANT_TRANSITIONS) as Array<[TenantStatus, TenantStatus[]]>) {
          for (const to of tos) {
            const tenant = await create();
            await moveTo(tenant.id, from);
            const before = (await t.call('getTenant', { params: { id: tenant.id } })).json();
            const res = await t.call('changeTenantStatus', {
              params: { id: tenant.id },
              body: { to, reason: 'legal move' },
            });
            assert.equal(res.statusCode, 200, `${from} → ${to}: ${res.body}`);
            assert.equal(res.json().status, to);
            assert.equal(res.json().version, before.version + 1);
          }
        }
      });

      test('EVERY illegal transition is refused with 409, the allowed states, and no change', async () => {
        let refused = 0;
        for (const from of TENANT_STATUSES) {
          const tenant = await create();
          await moveTo(tenant.id, from);
          const snapshot = (await t.call('getTenant', { params: { id: tenant.id } })).json();
          assert.equal(snapshot.status, from);
          for (const to of TENANT_STATUSES.filter((s) => !TENANT_TRANSITIONS[from].includes(s))) {
            const res = await t.call('changeTenantStatus', {
              params: { id: tenant.id },
              body: { to, reason: 'illegal move' },
            });
            assert.equal(res.statusCode, 409, `${from} → ${to} should be refused`);
            const err = res.json();
            assert.equal(err.code, 'illegal_transition');
            assert.deepEqual(err.details, { from, to, allowed: [...TENANT_TRANSITIONS[from]] });
            refused += 1;
          }
          assert.deepEqual((await t.call('getTenant', { params: { id: tenant.id } })).json(), snapshot);
        }
        const legal = Object.values(TENANT_TRANSITIONS).reduce((n, l) => n + l.length, 0);
        assert.equal(refused, TENANT_STATUSES.length ** 2 - legal);
      });

      test('suspend trips the kill switch and resume clears it', async () => {
        const tenant = await create();
        await moveTo(tenant.id, 'active');
        const suspended = (
          await t.call('changeTenantStatus', {
            params: { id: tenant.id },
            body: { to: 'suspended', reason: 'abuse report' },
          })
        ).json();
        assert.equal(suspended.featureFlags.killSwitch, true);
        const resumed = (
          await t.call('changeTenantStatus', { params: { id: tenant.id }, body: { to: 'active', reason: 'resolved' } })
        ).json();
        assert.equal(resumed.featureFlags.killSwitch, false);
      });

      test('archive moves to archived with the reason audited; archiving twice is an illegal transition', async () => {
        const tenant = await create();
        const res = await t.call('archiveTenant', { params: { id: tenant.id }, body: { reason: 'customer left' } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().status, 'archived');
        const again = await t.call('archiveTenant', { params: { id: tenant.id }, body: { reason: 'customer left' } });
        assert.equal(again.statusCode, 409);
        assert.deepEqual(again.json().details.allowed, []);
        const audit = (await t.call('listAudit', { query: { targetId: tenant.id, action: 'tenant.archive' } })).json();
        assert.deepEqual(
          audit.items.map((e: { outcome: string; reason: string }) => [e.outcome, e.reason]),
          [
            ['failure', 'customer left'],
            ['success', 'customer left'],
          ]
        );
      });

      test('bulk status changes each id on its own, reports per id, and audits each', async () => {
        const a = await create();
        const b = await create();
        const c = await create();
        await moveTo(c.id, 'archived');
        const before = await t.counts();
        const res = await t.call('bulkTenantStatus', {
          body: { ids: [a.id, b.id, c.id, 'ghost-tenant'], to: 'active', reason: 'go live' },
        });
        assert.equal(res.statusCode, 200);
        const results = res.json().results;
        assert.deepEqual(
          results.map((r: { id: string; ok: boolean }) => [r.id, r.ok]),
          [
            [a.id, true],
            [b.id, true],
            [c.id, false],
            ['ghost-tenant', false],
          ]
        );
        assert.equal(results[2].error.code, 'illegal_transition');
        assert.equal(results[3].error.code, 'not_found');
        assert.equal((await t.counts()).audit, before.audit + 4);
        assert.equal((await t.call('getTenant', { params: { id: a.id } })).json().status, 'active');
      });
    });

    test('routes outside the endpoint table are 404 even with valid credentials', async () => {
      const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/tenants/acme-prod' });
      assert.equal(res.statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/secrets' })).statusCode, 404);
    });
  });
}
