/**
 * The simulator's log lines in the shape the log shipper and the LogQL builders expect (there is no
 * Loki binary here, so this checks the lines, not a Loki server): one JSON object per line with `service`
 * and `level` (the shipper's stream labels, scripts/stack/compose/alloy.alloy), `tenant_id` on tenant
 * lines, and a level the builders' level filter selects.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { levelFilter, tenantLogs } from '../../src/shared/queries';
import { buildSimulator, type Simulator } from '../../src/simulator/app';
import { SimConfigSchema } from '../../src/simulator/config';

const lines: string[] = [];
let sim: Simulator;

/** The level filter's RE2 pattern as a JS RegExp (`(?i)` → the `i` flag). */
function levelRegex(filter: string): RegExp {
  const m = /^level=~"\(\?i\)(.*)"$/.exec(filter);
  assert.ok(m, filter);
  return new RegExp(m[1], 'i');
}

before(async () => {
  const dest = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  // Same logger options as src/simulator/main.ts, writing into memory.
  const logger = pino({ level: 'info', base: null, messageKey: 'msg' }, dest);
  const config = SimConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    tickMs: 50,
    rolloutDelayMs: 50,
    logLevel: 'info',
    tenants: 5,
    scenarios: { errorBursts: [{ ratio: 0.5 }] },
  });
  sim = buildSimulator(config, logger);
  await sim.start();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !lines.some((l) => l.includes('"tenant_id"')))
    await new Promise((r) => setTimeout(r, 100));
});
after(async () => sim?.stop());

describe('simulator log lines for Loki', () => {
  it('every line is one JSON object with service, a pino level, time and msg', () => {
    assert.ok(lines.length > 0);
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof o.service, 'string', line);
      assert.ok([10, 20, 30, 40, 50, 60].includes(o.level as number), line);
      assert.equal(typeof o.time, 'number', line);
      assert.equal(typeof o.msg, 'string', line);
      assert.equal((line.match(/"service":/g) ?? []).length, 1, `one service key: ${line}`);
    }
  });

  it("a tenant's error lines carry tenant_id and service, and the builders' filters select them", () => {
    const tenantLines = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.tenant_id);
    assert.ok(tenantLines.length > 0, 'the error burst produced tenant lines');
    const tenant = String(tenantLines[0].tenant_id);
    assert.ok(sim.model.tenants.some((t) => t.id === tenant));
    assert.ok(tenantLogs(tenant, { minLevel: 'error' }).includes(`tenant_id="${tenant}"`));
    const errorOrAbove = levelRegex(levelFilter('error'));
    const warnOrAbove = levelRegex(levelFilter('warn'));
    for (const o of tenantLines) {
      assert.equal(o.service, 'gateway');
      assert.match(String(o.level), errorOrAbove);
      assert.match(String(o.level), warnOrAbove);
    }
  });

  it('the level filter matches pino numbers and the sidecar level names, and nothing below the level', () => {
    const re = levelRegex(levelFilter('warn'));
    for (const v of ['40', '50', '60', 'warn', 'error', 'fatal', 'ERROR']) assert.match(v, re);
    for (const v of ['10', '20', '30', 'trace', 'debug', 'info', '400', 'warning-ish']) assert.doesNotMatch(v, re);
    const info = (lines.map((l) => JSON.parse(l) as { level: number }).find((o) => o.level === 30) ?? { level: 30 })
      .level;
    assert.doesNotMatch(String(info), levelRegex(levelFilter('error')));
  });
});
