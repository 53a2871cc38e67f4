/**
 * Grafana's built-in and template variables are resolved before a query reaches VictoriaMetrics, with
 * Grafana's semantics (pkg/promlib/models/query.go; docs: variables/global-variables and
 * datasources/prometheus/template-variables): unit checks of each rule, then end to end through
 * `/api/ds/query` against a capturing upstream that plays VictoriaMetrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHost, type RunningHost } from '../server/app';
import {
  computeIntervals,
  formatInterval,
  goDurationString,
  interpolatePromBuiltins,
  roundInterval,
} from '../server/intervals';
import { formatDate, interpolateTemplate } from '../server/templateVariables';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;

describe('built-in interval and range variables (Grafana backend rules)', () => {
  const iv = computeIntervals({
    fromMs: T0 - HOUR,
    toMs: T0,
    intervalMs: 2000,
    maxDataPoints: 1800,
    scrapeInterval: '15s',
  });

  it('$__range, $__range_s, $__range_ms from the time range (seconds rounded)', () => {
    assert.equal(interpolatePromBuiltins('avg_over_time(up[$__range])', iv), 'avg_over_time(up[3600s])');
    assert.equal(
      interpolatePromBuiltins('$__range_s ${__range_s} $__range_ms ${__range}', iv),
      '3600 3600 3600000 3600s'
    );
    const odd = computeIntervals({ fromMs: T0 - 1499, toMs: T0 });
    assert.equal(interpolatePromBuiltins('$__range|$__range_s', odd), '1s|1');
  });

  it('$__interval is the step: the min interval (request intervalMs) or range/maxDataPoints rounded', () => {
    assert.equal(iv.intervalMs, 2000);
    assert.equal(interpolatePromBuiltins('$__interval $__interval_ms ${__interval}', iv), '2s 2000 2s');
    const wide = computeIntervals({ fromMs: T0 - 24 * HOUR, toMs: T0, intervalMs: 15_000, maxDataPoints: 100 });
    // 24h / 100 = 864s → rounded to 15m by the interval calculator.
    assert.equal(wide.stepMs, 900_000);
    assert.equal(interpolatePromBuiltins('$__interval', wide), '15m');
    const noHint = computeIntervals({ fromMs: T0 - HOUR, toMs: T0, scrapeInterval: '30s' });
    assert.equal(noHint.intervalMs, 30_000, 'without intervalMs the data source scrape interval is the floor');
  });

  it('$__rate_interval = max($__interval + scrape interval, 4 × scrape interval), scrape interval default 15s', () => {
    assert.equal(iv.rateIntervalMs, 60_000, 'max(2s + 15s, 60s)');
    assert.equal(interpolatePromBuiltins('rate(x[$__rate_interval]) $__rate_interval_ms', iv), 'rate(x[1m0s]) 60000');
    const long = computeIntervals({ fromMs: T0 - 7 * 24 * HOUR, toMs: T0, intervalMs: 300_000, scrapeInterval: '15s' });
    assert.equal(long.rateIntervalMs, 315_000);
    assert.equal(interpolatePromBuiltins('[${__rate_interval}]', long), '[5m15s]');
    const defaultScrape = computeIntervals({ fromMs: T0 - HOUR, toMs: T0, intervalMs: 1000 });
    assert.equal(defaultScrape.rateIntervalMs, 60_000);
    const minStep = computeIntervals({ fromMs: T0 - HOUR, toMs: T0, intervalMs: 1000, minStep: '1m' });
    assert.equal(minStep.rateIntervalMs, 240_000, 'a literal Min step is the scrape interval: 4 × 1m');
    assert.equal(minStep.stepMs, 60_000);
  });

  it('formats durations as Grafana and Go do, and rounds intervals with Grafana’s table', () => {
    assert.deepEqual([formatInterval(90_000), formatInterval(86_400_000), formatInterval(500)], ['1m', '1d', '500ms']);
    assert.deepEqual(
      [goDurationString(60_000), goDurationString(3_615_000), goDurationString(1500)],
      ['1m0s', '1h0m15s', '1.5s']
    );
    assert.deepEqual([roundInterval(864_000), roundInterval(2400), roundInterval(20_000)], [900_000, 2000, 20_000]);
  });
});

describe('template variables and $__from/$__to (Grafana TemplateSrv rules)', () => {
  const variables = { tenant: ['acme-001', 'a.b'], env: 'prod', shard: 'gw-1' };
  const ctx = { variables, fromMs: T0 - HOUR, toMs: T0 };

  it('$var, ${var} and [[var]]; several values as an escaped regex alternation by default', () => {
    assert.equal(
      interpolateTemplate('up{env="$env", shard="${shard}", x="[[env]]"}', ctx),
      'up{env="prod", shard="gw-1", x="prod"}'
    );
    assert.equal(interpolateTemplate('x{tenant_id=~"$tenant"}', ctx), 'x{tenant_id=~"(acme-001|a\\.b)"}');
  });

  it('multi-value formats :regex, :pipe, :csv, :json, :doublequote, :singlequote, :glob, :raw', () => {
    assert.equal(interpolateTemplate('${tenant:regex}', ctx), '(acme-001|a\\.b)');
    assert.equal(interpolateTemplate('${tenant:pipe}', ctx), 'acme-001|a.b');
    assert.equal(interpolateTemplate('${tenant:csv}', ctx), 'acme-001,a.b');
    assert.equal(interpolateTemplate('${tenant:json}', ctx), '["acme-001","a.b"]');
    assert.equal(interpolateTemplate('${tenant:doublequote}', ctx), '"acme-001","a.b"');
    assert.equal(interpolateTemplate('${tenant:singlequote}', ctx), "'acme-001','a.b'");
    assert.equal(interpolateTemplate('${tenant:glob}', ctx), '{acme-001,a.b}');
    assert.equal(interpolateTemplate('[[tenant:raw]]', ctx), 'acme-001,a.b');
    assert.throws(() => interpolateTemplate('${tenant:nope}', ctx), /unknown variable format/);
  });

  it('$__from/$__to as epoch ms, with :date, :date:iso, :date:seconds and a custom pattern', () => {
    assert.equal(interpolateTemplate('$__from-${__to}', ctx), `${T0 - HOUR}-${T0}`);
    assert.equal(interpolateTemplate('${__to:date}', ctx), '2026-01-15T12:00:00.000Z');
    assert.equal(interpolateTemplate('${__from:date:iso}', ctx), '2026-01-15T11:00:00.000Z');
    assert.equal(interpolateTemplate('${__to:date:seconds}', ctx), String(T0 / 1000));
    assert.equal(formatDate(T0, 'date:YYYY-MM-DD HH:mm'), '2026-01-15 12:00');
  });

  it('unknown variables and built-ins are left for the next stage, as in Grafana', () => {
    assert.equal(
      interpolateTemplate('rate(x{a="$nope"}[$__rate_interval]) [$__range]', ctx),
      'rate(x{a="$nope"}[$__rate_interval]) [$__range]'
    );
  });
});

describe('/api/ds/query resolves variables before VictoriaMetrics sees the query', () => {
  let vm: Server;
  let host: RunningHost;
  const seen: URLSearchParams[] = [];

  before(async () => {
    vm = createServer((req, res) => {
      seen.push(new URL(req.url ?? '/', 'http://x').searchParams);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    await new Promise<void>((r) => vm.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(vm.address() as AddressInfo).port}`;
    host = await startHost({
      line: 'grafana-12',
      dataSources: [
        {
          id: 1,
          uid: 'switchyard-vm',
          name: 'VM',
          type: 'prometheus',
          url,
          isDefault: true,
          jsonData: { timeInterval: '15s' },
        },
      ],
    });
  });
  after(async () => {
    await host.close();
    vm.close();
  });

  async function run(query: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    seen.length = 0;
    const res = await fetch(`${host.url}/api/ds/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('viewer:viewer').toString('base64')}`,
      },
      body: JSON.stringify({
        from: String(T0 - HOUR),
        to: String(T0),
        queries: [{ refId: 'A', datasource: { uid: 'switchyard-vm', type: 'prometheus' }, ...query }],
        ...extra,
      }),
    });
    assert.equal(res.status, 200, await res.text());
    assert.equal(seen.length, 1);
    return seen[0];
  }

  it('the Overview uptime query: [$__range] becomes the range in seconds', async () => {
    const p = await run({
      expr: '100 * avg by (service) (avg_over_time(up{service!=""}[$__range]))',
      instant: true,
      range: false,
    });
    assert.equal(p.get('query'), '100 * avg by (service) (avg_over_time(up{service!=""}[3600s]))');
    assert.equal(p.get('time'), String(T0 / 1000));
  });

  it('$__rate_interval, $__interval and the step of a range query', async () => {
    const p = await run({
      expr: 'rate(x[$__rate_interval]) + $__interval_ms + $__range_ms',
      intervalMs: 2000,
      maxDataPoints: 1800,
    });
    assert.equal(p.get('query'), 'rate(x[1m0s]) + 2000 + 3600000');
    assert.equal(p.get('step'), '2');
    assert.equal(p.get('start'), String((T0 - HOUR) / 1000));
  });

  it('template variables from the request and $__from/$__to', async () => {
    const p = await run(
      { expr: 'x{tenant_id=~"${tenant:regex}", env="$env"} @ ${__to:date:seconds}', instant: true },
      { scopedVars: { tenant: { text: 'All', value: ['a', 'b'] }, env: { text: 'prod', value: 'prod' } } }
    );
    assert.equal(p.get('query'), `x{tenant_id=~"(a|b)", env="prod"} @ ${T0 / 1000}`);
  });

  it('a bad variable format is a query error, not a request to VictoriaMetrics', async () => {
    seen.length = 0;
    const res = await fetch(`${host.url}/api/ds/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('viewer:viewer').toString('base64')}`,
      },
      body: JSON.stringify({
        from: String(T0 - HOUR),
        to: String(T0),
        scopedVars: { v: { value: 'x' } },
        queries: [{ refId: 'A', datasource: { uid: 'switchyard-vm' }, expr: 'up{a="${v:bogus}"}' }],
      }),
    });
    assert.equal(res.status, 207);
    const body = (await res.json()) as { results: Record<string, { status: number; error: string }> };
    assert.equal(body.results.A.status, 400);
    assert.match(body.results.A.error, /unknown variable format "bogus"/);
    assert.equal(seen.length, 0);
  });
});
