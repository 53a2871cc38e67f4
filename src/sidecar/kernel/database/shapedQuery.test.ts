import assert from 'node:assert/strict';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Compilable, type RawBuilder } from 'kysely';
import type { DB } from './schema';
import { ShapedQueries, ValueMarkers } from './shapedQuery';

interface Row {
  id: string;
  color: string;
}

function database(): Kysely<DB> {
  const raw = new BetterSqlite3(':memory:');
  raw.exec(`create table things (id text primary key, color text not null)`);
  const insert = raw.prepare('insert into things (id, color) values (?, ?)');
  ['red', 'green', 'blue', 'red', 'green', 'red'].forEach((c, i) => insert.run(`t${i}`, c));
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
}

/** A raw query as the compilable a query builder is. */
const on =
  (db: Kysely<DB>) =>
  <R>(raw: RawBuilder<R>): Compilable<R> => ({ compile: () => raw.compile(db) });

/** Things of these colors, up to `limit`, through the shape cache; counts how often the query is built. */
function colorQuery(db: Kysely<DB>, shapes: ShapedQueries, builds: { n: number }) {
  return (colors: string[], limit: number) => {
    const m = new ValueMarkers();
    const marked = { colors: m.markAll(colors), limit: m.mark(limit) };
    return shapes.execute<Row>(db, marked, m, () => {
      builds.n += 1;
      return on(db)(
        sql<Row>`select id, color from things where color in (${sql.join(marked.colors)}) order by id limit ${marked.limit}`
      );
    });
  };
}

test('one build per shape: later calls bind their own values to the kept SQL', async () => {
  const db = database();
  const builds = { n: 0 };
  const q = colorQuery(db, new ShapedQueries(), builds);
  assert.deepEqual(
    (await q(['red'], 10)).map((r) => r.id),
    ['t0', 't3', 't5']
  );
  assert.deepEqual(
    (await q(['green'], 10)).map((r) => r.id),
    ['t1', 't4']
  );
  assert.deepEqual(
    (await q(['red'], 2)).map((r) => r.id),
    ['t0', 't3']
  );
  assert.equal(builds.n, 1, 'same shape (one color, a limit): built once');
  assert.deepEqual(
    (await q(['blue', 'green'], 10)).map((r) => r.id),
    ['t1', 't2', 't4']
  );
  assert.equal(builds.n, 2, 'two colors is another shape');
  await db.destroy();
});

test('a marked value transformed after marking, or left out of the query, is refused when the shape compiles', async () => {
  const db = database();
  const shapes = new ShapedQueries();
  const m = new ValueMarkers();
  const color = m.mark('red');
  await assert.rejects(
    shapes.execute(db, { color }, m, () => on(db)(sql`select id from things where color like ${`%${color}%`}`)),
    /transformed after marking/
  );
  const m2 = new ValueMarkers();
  const marked = { color: m2.mark('red'), limit: m2.mark(3) };
  await assert.rejects(
    shapes.execute(db, marked, m2, () => on(db)(sql`select id from things where color = ${marked.color}`)),
    /used 1 of its 2 marked values/
  );
  await db.destroy();
});

test('the cache holds at most its size in shapes, dropping the oldest', async () => {
  const db = database();
  const builds = { n: 0 };
  const q = colorQuery(db, new ShapedQueries(2), builds);
  await q(['red'], 1);
  await q(['red', 'blue'], 1);
  await q(['red', 'blue', 'green'], 1);
  assert.equal(builds.n, 3);
  await q(['red', 'blue', 'green'], 5);
  assert.equal(builds.n, 3, 'the newest shape is kept');
  await q(['green'], 5);
  assert.equal(builds.n, 4, 'the oldest shape was dropped');
  await db.destroy();
});
