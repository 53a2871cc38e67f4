/**
 * Fresh PostgreSQL databases for tests: each call creates `sy_test_<random>` on the test server
 * (TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test) and drops it afterwards, so parallel
 * runs never share state. If the server is unreachable this FAILS, unless SWITCHYARD_SKIP_PG=1.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const pgSkipped = (): boolean => process.env.SWITCHYARD_SKIP_PG === '1';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL test server unreachable at ${ADMIN_URL} (${(err as Error).message}). Start it, or set SWITCHYARD_SKIP_PG=1 to skip the PostgreSQL suites explicitly.`
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestPgDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestPgDatabase(): Promise<TestPgDatabase> {
  const name = `sy_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
