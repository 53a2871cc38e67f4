import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { GRANTED_ACTION_HEADER, PROXY_SECRET_HEADER, SecurityEventPageSchema } from '../../../contract';
import type { Clock } from '../../kernel/clock';
import { BACKENDS, startTestApp, type TestApp } from '../../testing/testApp';
import { SecurityLog } from './security.service';

for (const backend of BACKENDS) {
  describe(`security log on ${backend}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    async function events(query: Record<string, string | number> = {}) {
      let page = SecurityEventPageSchema.parse({ items: [], nextCursor: null, prevCursor: null });
      for (let i = 0; i < 40; i++) {
        const res = await t.call('listSecurityEvents', { query });
        assert.equal(res.statusCode, 200, res.body);
        page = SecurityEventPageSchema.parse(res.json());
        if (page.items.length > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      return page;
    }

    test('401 and 403 refusals are recorded with route template, action and request id — never the secret', async () => {
      const wrong = 'wrong-secret-that-must-not-be-stored-0123';
      const r401 = await t.call('getTenant', {
        params: { id: 'customer-secret-name' },
        headers: { [PROXY_SECRET_HEADER]: wrong },
      });
      assert.equal(r401.statusCode, 401);
      const r403 = await t.call('listTenants', {
        headers: { [GRANTED_ACTION_HEADER]: 'switchyard-controlplane-app.audit:read' },
      });
      assert.equal(r403.statusCode, 403);
      await new Promise((r) => setTimeout(r, 50));
      const page = await events();
      const e401 = page.items.find((e) => e.requestId === r401.headers['x-request-id']);
      const e403 = page.items.find((e) => e.requestId === r403.headers['x-request-id']);
      assert.ok(e401 && e403, JSON.stringify(page.items));
      assert.equal(e401.decision, 'unauthenticated');
      assert.equal(e401.route, '/api/v1/tenants/:id');
      assert.equal(e401.action, 'switchyard-controlplane-app.tenants:read');
      assert.equal(e403.decision, 'forbidden');
      assert.equal(e403.status, 403);
      assert.doesNotMatch(JSON.stringify(page), new RegExp(`${wrong}|customer-secret-name`));
      const only = await events({ decision: 'forbidden' });
      assert.ok(only.items.every((e) => e.decision === 'forbidden'));
      // Reading the log needs the audit read permission like any other endpoint.
      const denied = await t.call('listSecurityEvents', { headers: { [GRANTED_ACTION_HEADER]: 'x' } });
      assert.equal(denied.statusCode, 403);
    });

    test('keyset pages walk the log newest first without repeats', async () => {
      for (let i = 0; i < 7; i++) await t.call('listAudit', { headers: { [PROXY_SECRET_HEADER]: undefined } });
      await new Promise((r) => setTimeout(r, 100));
      const seen: string[] = [];
      const pages: string[][] = [];
      let cursor: string | null = null;
      let page = SecurityEventPageSchema.parse({ items: [], nextCursor: null, prevCursor: null });
      do {
        const res = await t.call('listSecurityEvents', { query: { limit: 3, ...(cursor ? { cursor } : {}) } });
        page = SecurityEventPageSchema.parse(res.json());
        if (pages.length === 0) assert.equal(page.prevCursor, null, 'the first page has nothing before it');
        pages.push(page.items.map((e) => e.id));
        seen.push(...page.items.map((e) => e.id));
        const ts = page.items.map((e) => e.ts);
        assert.deepEqual([...ts].sort().reverse(), ts);
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.length >= 7);
      // Back from the last page, each previous page is exactly the one seen on the way forward.
      for (let i = pages.length - 2; i >= 0; i--) {
        assert.ok(page.prevCursor, `page ${i + 1} links back`);
        const res = await t.call('listSecurityEvents', { query: { limit: 3, cursor: page.prevCursor } });
        page = SecurityEventPageSchema.parse(res.json());
        assert.deepEqual(
          page.items.map((e) => e.id),
          pages[i]
        );
      }
      assert.equal(page.prevCursor, null);
      const firstNext = SecurityEventPageSchema.parse(
        (await t.call('listSecurityEvents', { query: { limit: 3 } })).json()
      );
      assert.ok(firstNext.nextCursor);
      const replay = await t.call('listSecurityEvents', {
        query: { decision: 'forbidden', cursor: firstNext.nextCursor },
      });
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().field, 'cursor');
    });
  });
}

test('a flood is rate-limited: the bucket drops and counts what it cannot take', async () => {
  const t = await startTestApp('sqlite');
  try {
    let now = 1_000_000;
    const clock: Clock = { now: () => new Date(now) };
    const registry = new Registry();
    const log = new SecurityLog(t.database.db, clock, pino({ level: 'silent' }), registry, { burst: 5, perSecond: 1 });
    const refusal = (i: number) => ({
      status: 401 as const,
      message: 'no',
      method: 'GET',
      route: '/api/v1/tenants',
      action: null,
      login: null,
      requestId: `flood-${i}`,
    });
    for (let i = 0; i < 50; i++) log.record(refusal(i));
    now += 3_000; // three more tokens
    for (let i = 50; i < 60; i++) log.record(refusal(i));
    await log.flush();
    const page = await log.list({ limit: 200 });
    assert.equal(page.items.filter((e) => e.requestId.startsWith('flood-')).length, 8);
    const metrics = await registry.metrics();
    assert.match(metrics, /^switchyard_security_events_dropped_total 52$/m);
    assert.match(metrics, /^switchyard_security_refusals_total\{decision="unauthenticated"\} 60$/m);
  } finally {
    await t.close();
  }
});
