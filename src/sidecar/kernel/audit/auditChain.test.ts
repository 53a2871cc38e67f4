import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKENDS, startTestApp, type TestApp } from '../../testing/testApp';
import { appendEntry, computeEntryHash, rowToEntry, storableText, storedEntryHash } from './auditChain';

/** One string of every code-point class the chain must survive, from any source. */
const EVERY_CLASS = [
  'plain ascii',
  'latin-1 café',
  'combining e\u0301',
  'astral 🚀 𝔘',
  'rtl שלום مرحبا',
  'bidi \u202egnp.exe',
  'cjk 漢字',
  'lone high \ud800 end',
  'lone low \udc00 end',
  'reversed \udc00\ud800',
  'nul \u0000 inside',
  'controls \u0007\u001b[31m',
  'line\nbreaks\r\n',
  'bom \ufeff',
  'noncharacter \uffff',
];

test('storableText keeps well-formed text and replaces what a store cannot hold', () => {
  assert.equal(storableText('a🚀b'), 'a🚀b');
  assert.equal(storableText('a\ud800b'), 'a\ufffdb');
  assert.equal(storableText('\udc00'), '\ufffd');
  assert.equal(storableText('a\u0000b'), 'a\ufffdb');
  assert.equal(storableText('\ud83d\ude80'), '\ud83d\ude80');
});

for (const backend of BACKENDS) {
  describe(`audit chain on ${backend}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    test('entries carrying every code-point class in every text field verify after a round trip', async () => {
      for (const s of EVERY_CLASS) {
        await t.database.db.transaction().execute((trx) =>
          appendEntry(
            trx,
            {
              actor: { login: `user ${s}`, orgId: 1, role: `role ${s}` },
              action: `action ${s}`,
              targetType: 'tenant',
              targetId: `target ${s}`,
              reason: `reason ${s}`,
              requestId: `req ${s}`,
              jobId: `job ${s}`,
              outcome: 'success',
              details: { text: s, [`key ${s}`]: [s, { nested: s }] },
            },
            t.clock.now()
          )
        );
      }
      const verify = await t.call('verifyAudit');
      assert.equal(verify.statusCode, 200, verify.body);
      assert.deepEqual(verify.json().firstBroken, null);
      assert.equal(verify.json().ok, true);
      assert.ok(verify.json().checked >= EVERY_CLASS.length);

      // The stored-form hash verify uses is the canonical hash, row for row (role present or not).
      await t.database.db.transaction().execute((trx) =>
        appendEntry(
          trx,
          {
            actor: { login: 'no-role', orgId: 7 },
            action: 'a',
            targetType: 'tenant',
            targetId: 't',
            reason: null,
            requestId: 'r',
            jobId: null,
            outcome: 'failure',
            details: {},
          },
          t.clock.now()
        )
      );
      const rows = await t.database.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
      for (const row of rows) {
        const { hash, ...unhashed } = rowToEntry(row);
        assert.equal(storedEntryHash(row), hash, `seq ${row.seq}`);
        assert.equal(computeEntryHash(unhashed), hash, `seq ${row.seq}`);
      }
    });

    test('details stored in another JSON form still verify; a changed value does not', async () => {
      const last = await t.database.db
        .selectFrom('audit_entries')
        .select(['seq', 'details'])
        .where('details', 'like', '%"text"%')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      const pretty = JSON.stringify(JSON.parse(last.details), null, 2);
      const set = (details: string) =>
        t.database.db.updateTable('audit_entries').set({ details }).where('seq', '=', last.seq).execute();
      await set(pretty);
      assert.equal((await t.call('verifyAudit')).json().ok, true);
      await set(pretty.replace('"text"', '"texT"'));
      const broken = (await t.call('verifyAudit')).json();
      assert.equal(broken.ok, false);
      assert.deepEqual(broken.firstBroken, { seq: Number(last.seq), reason: 'hash_mismatch' });
      await set(last.details);
      assert.equal((await t.call('verifyAudit')).json().ok, true);
    });
  });
}
