import assert from 'node:assert/strict';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { openSidecarDatabase } from '../../app';
import { LiteralLimits } from './literalLimits';

interface Things {
  things: { id: string };
}

function things(plugins: LiteralLimits[]): Kysely<Things> {
  const raw = new BetterSqlite3(':memory:');
  raw.exec('create table things (id text primary key)');
  const insert = raw.prepare('insert into things (id) values (?)');
  for (let i = 0; i < 10; i++) insert.run(`t${i}`);
  return new Kysely<Things>({ dialect: new SqliteDialect({ database: raw }), plugins });
}

test('a row count is written into the SQL: no parameter for it, the same rows', async () => {
  const written = things([new LiteralLimits()]);
  const bound = things([]);
  const compiled = written.selectFrom('things').select('id').where('id', '>', 't2').orderBy('id').limit(3).compile();
  assert.match(compiled.sql, / limit 3$/);
  assert.deepEqual(compiled.parameters, ['t2']);
  assert.match(bound.selectFrom('things').select('id').limit(3).compile().sql, / limit \?$/);
  for (const n of [0, 1, 3, 50]) {
    const q = (db: Kysely<Things>) =>
      db.selectFrom('things').select('id').where('id', '>', 't2').orderBy('id').limit(n);
    assert.deepEqual(await q(written).execute(), await q(bound).execute(), `limit ${n}`);
  }
  await written.destroy();
  await bound.destroy();
});

test('anything but a non-negative safe integer stays bound; other statements are untouched', async () => {
  const db = things([new LiteralLimits()]);
  for (const n of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
    const compiled = db.selectFrom('things').select('id').limit(n).compile();
    assert.match(compiled.sql, / limit \?$/, `limit ${n}`);
    assert.deepEqual(compiled.parameters, [n]);
  }
  const insert = db.insertInto('things').values({ id: 'x' }).compile();
  assert.deepEqual(insert.parameters, ['x']);
  await db.destroy();
});

test("the sidecar's SQLite store writes limits in, inside transactions too", async () => {
  const database = await openSidecarDatabase({ kind: 'sqlite', path: ':memory:' });
  try {
    assert.match(database.db.selectFrom('tenants').select('id').limit(51).compile().sql, / limit 51$/);
    await database.db.transaction().execute(async (trx) => {
      assert.match(trx.selectFrom('tenants').select('id').limit(7).compile().sql, / limit 7$/);
    });
  } finally {
    await database.close();
  }
});
