/**
 * The real data source executable against a real sidecar (100,000 seeded tenants in a temp SQLite,
 * the real app from buildApp on loopback): QueryData p50/p99 and frame bytes for a `tenantCounts`
 * numeric aggregate and a 5,000-row `tenants` table, beside the same data fetched over the sidecar's
 * HTTP API (the GET endpoints the backend calls, with the data source token) in the same run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { endpoints } from '../src/contract';
import { buildApp, openSidecarDatabase } from '../src/sidecar/app';
import { loadConfig } from '../src/sidecar/kernel/config/config';
import { startIdentityProvider } from '../src/sidecar/testing/identityProvider';
import { launchPlugin, type GoPluginClient } from '../src/backend/testing/goPluginClient';
import { seedTenants } from './seed';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100_000);
const AGGREGATE_QUERIES = Number(process.env.BENCH_QUERIES ?? 50);
const TABLE_QUERIES = Number(process.env.BENCH_TABLE_QUERIES ?? 20);
const TABLE_ROWS = 5000;
/** The page size the backend's SidecarClient.collect asks for. */
const PAGE = 200;

export interface Timing {
  ms: number[];
  bytes: number;
}

type Summarize = (samples: number[]) => { text: string; p50: number };

async function timed(n: number, once: () => Promise<number>): Promise<Timing> {
  let bytes = 0;
  for (let i = 0; i < 3; i++) await once();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    bytes = await once();
    ms.push(performance.now() - started);
  }
  return { ms, bytes };
}

function queryOnce(plugin: GoPluginClient, settings: Record<string, unknown>, queryType: string, json: object) {
  const now = Date.now();
  const request = {
    pluginContext: { orgId: '1', pluginId: 'switchyard-controlplane-datasource', dataSourceInstanceSettings: settings },
    queries: [
      {
        refId: 'A',
        queryType,
        maxDataPoints: '100',
        intervalMS: '1000',
        timeRange: { fromEpochMS: String(now - 3_600_000), toEpochMS: String(now) },
        json: Buffer.from(JSON.stringify({ queryType, ...json })),
      },
    ],
  };
  return async (): Promise<number> => {
    const reply = await plugin.queryData(request);
    const response = (reply.responses as Record<string, { frames?: Buffer[]; error?: string }>).A;
    if (response.error) throw new Error(`${queryType} query failed: ${response.error}`);
    return (response.frames ?? []).reduce((n, f) => n + f.length, 0);
  };
}

export async function benchRealDataSource(executable: string, summarize: Summarize): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-ds-real-'));
  const idp = await startIdentityProvider();
  const token = randomBytes(24).toString('hex');
  try {
    const config = loadConfig({
      SWITCHYARD_PROXY_SECRET: randomBytes(24).toString('hex'),
      SWITCHYARD_DATASOURCE_TOKEN: token,
      GRAFANA_URL: idp.url,
      SWITCHYARD_OUTBOUND_HOSTS: idp.host,
      SWITCHYARD_SQLITE_PATH: path.join(dir, 'bench.db'),
      LOG_LEVEL: 'warn',
    });
    const database = await openSidecarDatabase(config.store);
    const seeded = performance.now();
    await seedTenants(path.join(dir, 'bench.db'), TENANTS);
    console.log(`\nreal sidecar: seeded ${TENANTS} tenants in ${(performance.now() - seeded).toFixed(0)} ms`);
    const app = await buildApp(config, { database, logger: pino({ level: 'warn' }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const sidecarUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const plugin = await launchPlugin({ command: executable, skipHostEnv: true });
    try {
      const settings = {
        id: '1',
        uid: 'switchyard-controlplane',
        name: 'Switchyard control plane',
        jsonData: Buffer.from(JSON.stringify({ sidecarUrl })),
        decryptedSecureJsonData: { sidecarToken: token },
        lastUpdatedMS: '0',
      };
      const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
      const get = async (
        url: string
      ): Promise<{ bytes: number; body: { items?: unknown[]; nextCursor?: string | null } }> => {
        const res = await fetch(url, { headers });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
        return {
          bytes: Buffer.byteLength(text),
          body: JSON.parse(text) as { items?: unknown[]; nextCursor?: string | null },
        };
      };
      const tenantsTable = async (): Promise<number> => {
        // As SidecarClient.collect walks it: pages of 200, then one more item to learn whether rows were left.
        let bytes = 0;
        let rows = 0;
        let cursor: string | null | undefined;
        while (rows <= TABLE_ROWS) {
          const limit = Math.min(PAGE, TABLE_ROWS - rows + 1);
          const page = await get(
            `${sidecarUrl}${endpoints.listTenants.path}?sort=id&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`
          );
          bytes += page.bytes;
          rows += page.body.items?.length ?? 0;
          cursor = page.body.nextCursor;
          if (!cursor) break;
        }
        return bytes;
      };

      const rows: Array<[string, Timing, Timing]> = [];
      rows.push([
        `tenantCounts by status, numeric (${TENANTS} tenants)`,
        await timed(
          AGGREGATE_QUERIES,
          queryOnce(plugin, settings, 'tenantCounts', { groupBy: 'status', format: 'numeric' })
        ),
        await timed(AGGREGATE_QUERIES, async () => (await get(`${sidecarUrl}${endpoints.getTenantCounts.path}`)).bytes),
      ]);
      rows.push([
        `tenants table, ${TABLE_ROWS} rows (${Math.ceil(TABLE_ROWS / PAGE)} pages of ${PAGE} + 1 row)`,
        await timed(TABLE_QUERIES, queryOnce(plugin, settings, 'tenants', { limit: TABLE_ROWS })),
        await timed(TABLE_QUERIES, tenantsTable),
      ]);
      for (const [name, viaPlugin, viaHttp] of rows) {
        const p = summarize(viaPlugin.ms);
        const h = summarize(viaHttp.ms);
        console.log(`${name}:`);
        console.log(`  QueryData (executable): ${p.text}, frames ${viaPlugin.bytes} bytes`);
        console.log(`  sidecar HTTP API:       ${h.text}, JSON ${viaHttp.bytes} bytes`);
        console.log(
          `  QueryData/HTTP: p50 ${(p.p50 / h.p50).toFixed(2)}×, bytes ${(viaPlugin.bytes / viaHttp.bytes).toFixed(2)}×`
        );
      }
    } finally {
      await plugin.kill();
      await app.close();
      await database.close();
    }
  } finally {
    await idp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
