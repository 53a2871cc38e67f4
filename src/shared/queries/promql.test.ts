import {
  activeJobs,
  errorRate,
  tenantShardSaturation,
  fleet5xxRatio,
  fleetLatency,
  fleetRequestRate,
  isolationVerdictCounts,
  isolationViolationsByCheck,
  oldestRunningJobSeconds,
  QueryInputError,
  shardCapacity,
  shardLoad,
  shardUtilization,
  tenant5xxRatio,
  tenantLatency,
  tenantLoad,
  tenantQuotaSaturation,
  tenantRequestRate,
  tenantShardShare,
  tenantInFlight,
  variable,
} from './index';

describe('tenant PromQL', () => {
  it('request rate for one tenant in one environment', () => {
    expect(tenantRequestRate('acme-001', { env: 'prod' })).toBe(
      'sum(rate(gateway_requests_total{env="prod", tenant_id="acme-001"}[$__rate_interval]))'
    );
  });

  it('5xx ratio divides 5xx by all requests with the same grouping', () => {
    expect(tenant5xxRatio('acme-001', { by: ['shard'], window: '5m' })).toBe(
      'sum by (shard) (rate(gateway_requests_total{tenant_id="acme-001", status_class="5xx"}[5m])) / ' +
        'sum by (shard) (rate(gateway_requests_total{tenant_id="acme-001"}[5m]))'
    );
  });

  it('p95 and p99 latency keep le in the grouping', () => {
    expect(tenantLatency('acme-001', 0.95)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(gateway_request_duration_seconds_bucket{tenant_id="acme-001"}[$__rate_interval])))'
    );
    expect(tenantLatency('acme-001', 0.99, { by: ['shard'] })).toContain('sum by (le, shard) (');
  });

  it('load per service kind uses the kind counter', () => {
    expect(tenantLoad('acme-001', 'aggregate')).toBe(
      'sum(rate(aggregate_commands_total{tenant_id="acme-001"}[$__rate_interval]))'
    );
    expect(tenantLoad('acme-001', 'projection', { by: ['shard'] })).toBe(
      'sum by (shard) (rate(projection_events_processed_total{tenant_id="acme-001"}[$__rate_interval]))'
    );
    expect(() => tenantLoad('acme-001', 'runner')).toThrow(QueryInputError);
  });

  it('in-flight commands are a gauge summed by the grouping, not a rate', () => {
    expect(tenantInFlight('acme-001', { by: ['shard'] })).toBe(
      'sum by (shard) (aggregate_in_flight_commands{tenant_id="acme-001"})'
    );
    expect(tenantInFlight('acme-001', { env: 'prod' })).toBe(
      'sum(aggregate_in_flight_commands{env="prod", tenant_id="acme-001"})'
    );
  });

  it('quota saturation divides by the quota and rejects a zero or missing quota', () => {
    expect(tenantQuotaSaturation('acme-001', 100)).toBe(
      'sum(rate(gateway_requests_total{tenant_id="acme-001"}[$__rate_interval])) / 100'
    );
    expect(() => tenantQuotaSaturation('acme-001', 0)).toThrow(/positive/);
    expect(() => tenantQuotaSaturation('acme-001', Number.NaN)).toThrow(QueryInputError);
  });

  it('shard share matches the tenant load to the capacity of its shards of that kind', () => {
    expect(tenantShardShare('acme-001', 'gateway', { env: 'prod' })).toBe(
      'sum by (env, shard, tenant_id) (rate(gateway_requests_total{env="prod", tenant_id="acme-001", service="gateway"}[$__rate_interval]))' +
        ' / on (env, shard) group_left max by (env, shard) (node_shard_capacity_rps{env="prod", service="gateway"})'
    );
  });

  it('a dashboard variable renders as a regex match on the variable', () => {
    expect(tenantRequestRate(variable('tenant'), { env: variable('env'), by: ['tenant_id'] })).toBe(
      'sum by (tenant_id) (rate(gateway_requests_total{env=~"$env", tenant_id=~"$tenant"}[$__rate_interval]))'
    );
  });

  it('several literal tenants become an escaped alternation', () => {
    expect(tenantRequestRate(['a.b', 'c'])).toContain('tenant_id=~"a\\\\.b|c"');
  });
});

describe('escaping', () => {
  it('a tenant id with quotes and backslashes stays inside its string', () => {
    const hostile = 'x"} or vector(1) or {a="\\';
    const q = tenantRequestRate(hostile);
    expect(q).toBe('sum(rate(gateway_requests_total{tenant_id="x\\"} or vector(1) or {a=\\"\\\\"}[$__rate_interval]))');
    // Undo the escaping the way PromQL reads a double-quoted string: the value comes back intact.
    const literal = /tenant_id=("(?:[^"\\]|\\.)*")/.exec(q)?.[1] ?? '';
    expect(JSON.parse(literal)).toBe(hostile);
  });

  it('line breaks are escaped, empty values and bad inputs are refused with the field named', () => {
    expect(tenantRequestRate('a\nb')).toContain('tenant_id="a\\nb"');
    expect(() => tenantRequestRate('')).toThrow(QueryInputError);
    expect(() => tenantRequestRate([])).toThrow(/at least one value/);
    expect(() => tenantRequestRate('a', { window: '5 minutes' })).toThrow(/not a duration/);
    expect(() => tenantRequestRate('a', { by: ['le) or (x'] })).toThrow(/not a label name/);
    expect(() => tenantLatency('a', 1.5)).toThrow(/between 0 and 1/);
    expect(() => variable('a}b')).toThrow(QueryInputError);
    try {
      tenantRequestRate('a', { window: 'bad' });
    } catch (e) {
      expect((e as QueryInputError).field).toBe('window');
    }
  });
});

describe('shard and fleet PromQL', () => {
  it('shard load and capacity by env and shard for a kind', () => {
    expect(shardLoad('gateway', { env: 'prod' })).toBe(
      'sum by (env, shard) (rate(gateway_requests_total{env="prod", service="gateway"}[$__rate_interval]))'
    );
    expect(shardLoad('runner', { shard: ['run-1', 'run-2'] })).toBe(
      'sum by (env, shard) (rate(runner_effects_total{shard=~"run-1|run-2", service="runner"}[$__rate_interval]))'
    );
    expect(shardCapacity('aggregate')).toBe('max by (env, shard) (node_shard_capacity_rps{service="aggregate"})');
  });

  it('utilization divides load by capacity matched on env and shard', () => {
    expect(shardUtilization('projection', { env: 'staging' }, { window: '1m' })).toBe(
      'sum by (env, shard) (rate(projection_events_processed_total{env="staging", service="projection"}[1m]))' +
        ' / on (env, shard) group_left max by (env, shard) (node_shard_capacity_rps{env="staging", service="projection"})'
    );
  });

  it('5xx rate on its own, for any scope', () => {
    expect(errorRate({ env: 'prod', shard: 'gw-1' }, { by: ['tenant_id'] })).toBe(
      'sum by (tenant_id) (rate(gateway_requests_total{env="prod", shard="gw-1", status_class="5xx"}[$__rate_interval]))'
    );
  });

  it('a tenant share of shard capacity per kind keeps the tenant out of the capacity side', () => {
    expect(tenantShardSaturation('aggregate', { tenant: 'acme-001', env: 'dev' }, { window: '2m' })).toBe(
      'sum by (env, shard, tenant_id) (rate(aggregate_commands_total{env="dev", tenant_id="acme-001", service="aggregate"}[2m]))' +
        ' / on (env, shard) group_left max by (env, shard) (node_shard_capacity_rps{env="dev", service="aggregate"})'
    );
    expect(() => tenantShardSaturation('runner', { tenant: 'acme-001' })).toThrow(/no tenant_id/);
  });

  it('fleet rate, 5xx and p95 with or without an environment', () => {
    expect(fleetRequestRate()).toBe('sum(rate(gateway_requests_total[$__rate_interval]))');
    expect(fleetRequestRate({ env: variable('env'), by: ['env'] })).toBe(
      'sum by (env) (rate(gateway_requests_total{env=~"$env"}[$__rate_interval]))'
    );
    expect(fleet5xxRatio({ env: 'prod' })).toBe(
      'sum(rate(gateway_requests_total{env="prod", status_class="5xx"}[$__rate_interval])) / sum(rate(gateway_requests_total{env="prod"}[$__rate_interval]))'
    );
    expect(fleetLatency(0.95, { by: ['env'] })).toBe(
      'histogram_quantile(0.95, sum by (le, env) (rate(gateway_request_duration_seconds_bucket[$__rate_interval])))'
    );
  });
});

describe('sidecar PromQL', () => {
  it('isolation verdict counts over time', () => {
    expect(isolationVerdictCounts()).toBe('sum by (verdict) (switchyard_isolation_verdict)');
    expect(isolationVerdictCounts({ tenant: 'acme-001', verdict: ['violation', 'unknown'] })).toBe(
      'sum by (verdict) (switchyard_isolation_verdict{tenant_id="acme-001", verdict=~"violation|unknown"})'
    );
    expect(isolationViolationsByCheck()).toBe(
      'count by (check) (switchyard_isolation_check_result{result="violation"})'
    );
  });

  it('active jobs by status or type, and the oldest running job', () => {
    expect(activeJobs()).toBe('sum by (status) (switchyard_jobs_active)');
    expect(activeJobs({ by: ['type'], status: ['running'], type: ['tenant.drain', 'tenant.migrate'] })).toBe(
      'sum by (type) (switchyard_jobs_active{status="running", type=~"tenant\\\\.drain|tenant\\\\.migrate"})'
    );
    expect(oldestRunningJobSeconds()).toBe('max(switchyard_job_oldest_running_seconds)');
  });
});
