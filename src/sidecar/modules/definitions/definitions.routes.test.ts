/**
 * Definitions over HTTP on the real composition root, on SQLite and PostgreSQL: upload (JSON and
 * YAML) with validation errors naming their path, immutability by content hash, promotion dev →
 * staging → prod as jobs with the prod approval by a second person (the requester and the generic job
 * approval are refused), revert to the last known good version in one action, tenant overrides gated
 * by the bundle's policy flag, impact, and the audit chain verifying after all of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import type { BundleEnvironmentState, BundleRecord, DefinitionBundle, Promotion } from '../../../contract';
import { orderBundle } from '../../../changes/definitions/bundle.fixture';
import { waitForJob } from '../../testing/jobsTestkit';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

const as = (login: string) => ({ claims: { username: login, sub: `user:${login}` } });

for (const backend of BACKENDS) {
  describe(`definitions routes (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { SWITCHYARD_APPROVAL_POLICY: 'none' });
    });
    after(async () => t?.close());

    const upload = (bundle: unknown, headers: Record<string, string> = { 'idempotency-key': idempotencyKey() }) =>
      t.call('uploadBundle', { body: { bundle, reason: 'new definitions' }, headers });
    const promote = (name: string, version: string, to: string, login = 'alice') =>
      t.call('requestPromotion', { body: { name, version, to, reason: 'ship it' }, token: as(login) });
    const settle = async (p: Promotion) => {
      await waitForJob(t, p.jobId as string);
      return (await t.call('getPromotion', { params: { id: p.id } })).json() as Promotion;
    };
    const stateOf = async (name: string, env: string) =>
      ((await t.call('listBundleEnvironments')).json().items as BundleEnvironmentState[]).find(
        (s) => s.bundleName === name && s.environment === env
      );
    const named = (name: string, version: string): DefinitionBundle => {
      const b = orderBundle(version);
      b.manifest.name = name;
      return b;
    };
    /** Uploads and runs a version through dev and staging into prod (bob approves). */
    async function toProd(bundle: DefinitionBundle): Promise<void> {
      const { name, version } = bundle.manifest;
      assert.equal((await upload(bundle)).statusCode, 201);
      for (const env of ['dev', 'staging']) {
        const r = await promote(name, version, env);
        assert.equal(r.statusCode, 201, r.body);
        assert.equal((await settle(r.json())).status, 'succeeded');
      }
      const p = (await promote(name, version, 'prod')).json() as Promotion;
      const ok = await t.call('approvePromotion', { params: { id: p.id }, body: {}, token: as('bob') });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await settle(p)).status, 'succeeded');
    }

    test('a valid bundle is stored once by content hash, audited in its transaction and replayed for its key', async () => {
      const before = await t.counts();
      const headers = { 'idempotency-key': idempotencyKey() };
      const r = await upload(orderBundle('1.0.0'), headers);
      assert.equal(r.statusCode, 201, r.body);
      const rec = r.json() as BundleRecord;
      assert.match(rec.hash, /^[0-9a-f]{64}$/);
      assert.deepEqual(
        [rec.name, rec.version, rec.uploadedBy, rec.validation.valid],
        ['orders', '1.0.0', 'alice', true]
      );
      const replay = await upload(orderBundle('1.0.0'), headers);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      // The same content under a new key answers the stored version; nothing is written.
      const same = await upload(orderBundle('1.0.0'));
      assert.equal((same.json() as BundleRecord).hash, rec.hash);
      assert.equal((await t.counts()).audit, before.audit + 1);
      // Other content under a stored version is refused: stored bundles never change.
      const changed = orderBundle('1.0.0');
      changed.effectProviders[0].timeoutMs = 9000;
      const clash = await upload(changed);
      assert.equal(clash.statusCode, 409, clash.body);
      assert.equal(clash.json().field, 'bundle.manifest.version');
      const got = (await t.call('getBundle', { params: { name: 'orders', version: '1.0.0' } })).json() as BundleRecord;
      assert.equal(got.bundle.effectProviders[0].timeoutMs, 5000);
      const list = (await t.call('listBundles')).json();
      assert.ok(list.items.some((i: BundleRecord) => i.name === 'orders' && i.version === '1.0.0' && !('bundle' in i)));
    });

    test('validation names the path: schema, references, duplicates, version, YAML syntax; nothing is stored', async () => {
      const before = await t.counts();
      const broken = orderBundle('1.1.0');
      broken.sagas[0].effects.push('sms');
      const yamlText = stringify(broken);
      const refs = await upload(yamlText);
      assert.equal(refs.statusCode, 400, refs.body);
      assert.equal(refs.json().field, 'bundle.sagas.0.effects.1');
      assert.match(refs.json().message, /unknown effect provider sms/);

      const dup = orderBundle('1.1.0');
      dup.projections.push({ name: 'OrderList', consumes: ['OrderPlaced'] });
      assert.equal((await upload(dup)).json().field, 'bundle.projections.1.name');

      const older = await upload(orderBundle('0.9.0'));
      assert.equal(older.statusCode, 400);
      assert.equal(older.json().field, 'bundle.manifest.version');
      assert.match(older.json().message, /must be higher than 1\.0\.0/);

      const schema = await upload({ ...orderBundle('1.1.0'), manifest: { name: 'orders', version: 'v2' } });
      assert.equal(schema.json().field, 'bundle.manifest.version');

      const syntax = await upload('manifest:\n  name: orders\n   version: [1.1.0\n');
      assert.equal(syntax.statusCode, 400);
      assert.equal(syntax.json().field, 'bundle');
      assert.match(syntax.json().message, /Line \d+/);

      const dry = await t.call('validateBundle', { body: { bundle: yamlText } });
      assert.equal(dry.statusCode, 200);
      assert.deepEqual(dry.json().errors, [
        { path: 'sagas.0.effects.1', message: 'Saga Checkout calls unknown effect provider sms' },
      ]);
      const fine = await t.call('validateBundle', { body: { bundle: stringify(orderBundle('1.1.0')) } });
      assert.deepEqual(fine.json(), { valid: true, errors: [] });
      const after = await t.counts();
      assert.equal(after.audit, before.audit, 'refused uploads change nothing');
    });

    test('YAML that exhausts the reader is a problem, not an internal error: alias bombs, deep nesting, bad aliases', async () => {
      const before = await t.counts();
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (const [prev, next] of [...'abcdefgh'].map((c, i) => [c, 'bcdefghi'[i]]))
        bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
      const cases: Array<[string, RegExp]> = [
        [bomb.join('\n'), /too many YAML aliases/],
        [`${'- '.repeat(5000)}x`, /nested too deeply/],
        [`${'['.repeat(5000)}${']'.repeat(5000)}`, /nested too deeply/],
        [`manifest: ${'['.repeat(40)}${']'.repeat(40)}`, /nested deeper than/],
        ['manifest: *nowhere\n', /alias whose anchor is not defined/],
      ];
      for (const [text, message] of cases) {
        const dry = await t.call('validateBundle', { body: { bundle: text } });
        assert.equal(dry.statusCode, 200, dry.body);
        assert.equal(dry.json().valid, false);
        assert.match(dry.json().errors[0].message, message);
        const up = await upload(text);
        assert.equal(up.statusCode, 400, up.body);
        assert.equal(up.json().code, 'validation_failed');
        assert.match(up.json().message, message);
        assert.doesNotMatch(up.body, /call stack|ReferenceError|resource exhaustion/i);
      }
      assert.equal((await t.counts()).audit, before.audit, 'nothing was stored');
    });

    test('YAML escapes that decode to hostile text (bidi override, NUL, ESC, lone surrogate) or .inf are refused by field', async () => {
      const before = await t.counts();
      const base = stringify(orderBundle('3.0.0'));
      const cases: Array<[string, RegExp]> = [
        ['\\u202e', /bidirectional/],
        ['\\0', /NUL/],
        ['\\e', /control/],
        ['\\ud800', /unpaired surrogate/],
      ];
      for (const [escape, message] of cases) {
        const text = base.replace('name: orders', `name: orders\n  description: "release ${escape}notes"`);
        const up = await upload(text);
        assert.equal(up.statusCode, 400, `${escape}: ${up.body}`);
        assert.equal(up.json().field, 'bundle.manifest.description');
        assert.match(up.json().message, message);
        const dry = await t.call('validateBundle', { body: { bundle: text } });
        assert.equal(dry.json().valid, false);
        assert.equal(dry.json().errors[0].path, 'manifest.description');
      }
      const inf = await upload(base.replace('timeoutMs: 5000', 'timeoutMs: .inf'));
      assert.equal(inf.statusCode, 400, inf.body);
      assert.equal(inf.json().field, 'bundle.effectProviders.0.timeoutMs');
      assert.match(inf.json().message, /finite number/);
      assert.equal((await t.counts()).audit, before.audit, 'nothing was stored');
      assert.equal((await t.call('getBundle', { params: { name: 'orders', version: '3.0.0' } })).statusCode, 404);
    });

    test('promotion runs dev → staging → prod as jobs; prod waits for a second person', async () => {
      const skip = await promote('orders', '1.0.0', 'staging');
      assert.equal(skip.statusCode, 409, 'staging only from dev');
      assert.match(skip.json().message, /must run in dev before/);

      for (const env of ['dev', 'staging']) {
        const r = await promote('orders', '1.0.0', env);
        assert.equal(r.statusCode, 201, r.body);
        const p = r.json() as Promotion;
        assert.equal(p.approvalRequired, false);
        assert.equal((await settle(p)).status, 'succeeded');
      }
      const r = await promote('orders', '1.0.0', 'prod');
      const p = r.json() as Promotion;
      assert.deepEqual(
        [p.status, p.approvalRequired, p.from, p.requestedBy],
        ['awaiting_approval', true, 'staging', 'alice']
      );
      const listed = (await t.call('listPromotions')).json().items as Promotion[];
      assert.equal(listed[0].id, p.id, 'awaiting approval is listed first');

      const self = await t.call('approvePromotion', { params: { id: p.id }, body: {} });
      assert.equal(self.statusCode, 403);
      assert.match(self.json().message, /requester cannot approve/);
      const job = (await t.call('getJob', { params: { id: p.id } })).json();
      const generic = await t.call('approveJob', {
        params: { id: p.id },
        body: { planHash: job.approval.planHash },
        token: as('bob'),
      });
      assert.equal(generic.statusCode, 403, 'the generic job approval cannot approve a prod promotion');
      assert.equal((await stateOf('orders', 'prod')) ?? null, null, 'nothing ran before the approval');

      const ok = await t.call('approvePromotion', {
        params: { id: p.id },
        body: { reason: 'reviewed impact' },
        token: as('bob'),
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const done = await settle(p);
      assert.deepEqual([done.status, done.approvedBy], ['succeeded', 'bob']);
      const prod = await stateOf('orders', 'prod');
      assert.equal(prod?.current?.version, '1.0.0');
      assert.equal(prod?.current?.promotedBy, 'alice');

      const again = await t.call('approvePromotion', { params: { id: p.id }, body: {}, token: as('bob') });
      assert.equal(again.statusCode, 409, 'a finished promotion cannot be approved');
      const same = await promote('orders', '1.0.0', 'prod');
      assert.equal(same.statusCode, 409, 'a promotion must raise the version');
      assert.match(same.json().message, /use revert/);
    });

    test('revert restores the last known good version in one action and marks the reverted one unhealthy', async () => {
      await toProd(named('billing', '1.0.0'));
      await toProd(named('billing', '1.1.0'));
      const before = await stateOf('billing', 'prod');
      assert.equal(before?.lastKnownGood?.version, '1.0.0');
      const r = await t.call('revertBundle', { body: { name: 'billing', environment: 'prod', reason: 'errors up' } });
      assert.equal(r.statusCode, 201, r.body);
      const p = r.json() as Promotion;
      assert.deepEqual([p.kind, p.version, p.to, p.approvalRequired], ['revert', '1.0.0', 'prod', false]);
      assert.equal((await settle(p)).status, 'succeeded');
      const after = await stateOf('billing', 'prod');
      assert.equal(after?.current?.version, '1.0.0');
      assert.deepEqual(
        after?.history.map((h) => [h.version, h.healthy]),
        [
          ['1.0.0', true],
          ['1.1.0', false],
          ['1.0.0', true],
        ]
      );
      assert.equal(after?.lastKnownGood, null);
      const nothing = await t.call('revertBundle', { body: { name: 'billing', environment: 'prod', reason: 'again' } });
      assert.equal(nothing.statusCode, 409);
      assert.match(nothing.json().message, /No earlier healthy version/);
      const noBundle = await t.call('revertBundle', { body: { name: 'nothing', environment: 'dev', reason: 'x-y' } });
      assert.match(noBundle.json().message, /Nothing runs there/);
    });

    test('impact lists the tenants of the environment; overrides only where the policy flag allows', async () => {
      const tenant = tenantBody({ environment: 'prod' });
      assert.equal((await t.call('createTenant', { body: tenant })).statusCode, 201);
      const next = named('billing', '1.2.0');
      next.projections.push({ name: 'Revenue', consumes: ['PaymentCaptured'] });
      next.tenantOverridesAllowed = false;
      assert.equal((await upload(next)).statusCode, 201);
      const impact = await t.call('getBundleImpact', {
        params: { name: 'billing', version: '1.2.0' },
        query: { environment: 'prod' },
      });
      assert.equal(impact.statusCode, 200, impact.body);
      assert.equal(impact.json().replaces, '1.0.0');
      assert.deepEqual(impact.json().changes.added, ['projection:Revenue']);
      assert.ok(impact.json().tenants.includes(tenant.id));

      const override = (bundleName: string, type = 'email') =>
        t.call('setTenantDefinitionOverride', {
          params: { id: String(tenant.id) },
          body: { bundleName, effectProviders: [{ name: 'receipt', type, timeoutMs: 20_000 }], reason: 'slow smtp' },
        });
      const ok = await override('billing');
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().items[0].effectProviders[0].timeoutMs, 20_000);
      const wrongType = await override('billing', 'webhook');
      assert.equal(wrongType.statusCode, 400);
      assert.equal(wrongType.json().field, 'effectProviders.0.type');

      // 1.2.0 (overrides not allowed) runs in prod: the same override is refused with the reason.
      await toProd(next);
      const locked = await override('billing');
      assert.equal(locked.statusCode, 403, locked.body);
      assert.match(locked.json().message, /does not allow tenant overrides/);
      const notRunning = await override('orders-x');
      assert.equal(notRunning.statusCode, 409);
      const got = await t.call('getTenantDefinitionOverrides', { params: { id: String(tenant.id) } });
      assert.equal(got.json().items.length, 1);
    });

    test('every change is in the audit log and the hash chain verifies', async () => {
      const audit = await t.call('listAudit', { query: { limit: 200 } });
      for (const action of ['definitions.upload', 'definitions.promote', 'definitions.revert', 'definitions.override'])
        assert.ok(audit.body.includes(action), `${action} is audited`);
      const verify = (await t.call('verifyAudit')).json();
      assert.equal(verify.ok, true);
      assert.equal(verify.firstBroken, null);
    });
  });
}
