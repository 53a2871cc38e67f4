import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASOURCE_LIMITS, bucketMs, seriesBuckets, validateDsQuery } from './datasource';

const errorsOf = (model: unknown) => {
  const r = validateDsQuery(model);
  return r.ok ? [] : r.errors;
};

test('Grafana keys are ignored, defaults applied, comma lists accepted', () => {
  const r = validateDsQuery({
    refId: 'A',
    datasource: { type: 'switchyard-controlplane-datasource', uid: 'x' },
    hide: false,
    queryType: 'tenants',
    status: 'active, degraded',
  });
  assert.ok(r.ok);
  assert.deepEqual(r.query, { queryType: 'tenants', status: ['active', 'degraded'], limit: 500 });
});

test('repeated filter values count once, in their first order (no duplicate series)', () => {
  const jobs = validateDsQuery({
    queryType: 'jobs',
    status: ['failed', 'running', 'failed'],
    type: 'tenant.drain, tenant.drain',
  });
  assert.ok(jobs.ok && jobs.query.queryType === 'jobs');
  assert.deepEqual(jobs.query.status, ['failed', 'running']);
  assert.deepEqual(jobs.query.type, ['tenant.drain']);
  const counts = validateDsQuery({ queryType: 'tenantCounts', include: ['active', 'degraded', 'active'] });
  assert.ok(counts.ok && counts.query.queryType === 'tenantCounts');
  assert.deepEqual(counts.query.include, ['active', 'degraded']);
  const isolation = validateDsQuery({ queryType: 'isolation', verdict: ['violation', 'violation'] });
  assert.ok(isolation.ok && isolation.query.queryType === 'isolation');
  assert.deepEqual(isolation.query.verdict, ['violation']);
});

test('every error names its field', () => {
  assert.deepEqual(
    errorsOf({ queryType: 'tenant' }).map((e) => e.field),
    ['queryType']
  );
  assert.match(errorsOf({}).at(0)?.message ?? '', /^queryType must be one of tenants, tenantCounts/);
  assert.deepEqual(errorsOf({ queryType: 'tenants', limit: 5001 }), [
    { field: 'limit', message: 'limit must be at most 5000' },
  ]);
  assert.deepEqual(
    errorsOf({ queryType: 'jobs', format: 'pie' }).map((e) => e.field),
    ['format']
  );
  assert.match(
    errorsOf({ queryType: 'tenantCounts', groupBy: 'environment', include: ['qa'] })[0].message,
    /^include: qa is not a value of environment; use dev, staging, prod/
  );
  assert.deepEqual(
    errorsOf({ queryType: 'jobs', bucket: '5 minutes' }).map((e) => e.field),
    ['bucket']
  );
  assert.deepEqual(
    errorsOf({ queryType: 'jobs', tenant: 'Not A Tenant' }).map((e) => e.field),
    ['tenant']
  );
  assert.deepEqual(
    errorsOf({ queryType: 'variable', target: 'region' }).map((e) => e.field),
    ['target']
  );
  assert.deepEqual(
    errorsOf({ queryType: 'tenants', label: 'a=b,c=d' }).map((e) => e.field),
    ['label']
  );
});

test('buckets: explicit width, Grafana interval, and too many points refused', () => {
  assert.equal(bucketMs('90s'), 90_000);
  assert.equal(bucketMs('2d'), 172_800_000);
  assert.equal(bucketMs(undefined), undefined);
  const hour = { fromMs: 3_600_000 * 10 + 1, toMs: 3_600_000 * 11 };
  const five = seriesBuckets(hour, { bucket: '5m' });
  assert.ok(five.ok);
  assert.equal(five.stepMs, 300_000);
  assert.equal(five.starts.length, 12);
  assert.equal(five.starts[0], 3_600_000 * 10, 'aligned to the bucket');
  const auto = seriesBuckets(hour, { intervalMs: 15_000, maxDataPoints: 60 });
  assert.ok(auto.ok && auto.stepMs === 60_000, 'never finer than range / maxDataPoints');
  const year = seriesBuckets({ fromMs: 0, toMs: 365 * 86_400_000 }, { bucket: '1m' });
  assert.ok(!year.ok);
  assert.match(year.message, new RegExp(`at most ${DATASOURCE_LIMITS.seriesPoints}\\): widen the interval`));
  assert.ok(!seriesBuckets({ fromMs: 5, toMs: 5 }, {}).ok);
});
