import { parser } from '@grafana/lezer-logql';
import {
  jobLogs,
  levelFilter,
  LOG_LEVELS,
  QueryInputError,
  shardLogs,
  tenantLogRate,
  tenantLogs,
  variable,
} from './index';

/**
 * Loki's own grammar (the one Grafana's Loki editor uses): the query parses with no error node once
 * Grafana has replaced its interval variables (Loki itself never sees `$__interval`).
 */
function errorNodes(raw: string): string[] {
  const query = raw.replace(/\$__(interval|rate_interval|auto)\b/g, '1m');
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`error at ${n.from}: ${JSON.stringify(query.slice(n.from, n.from + 20))}`);
    },
  });
  return errors;
}

describe('LogQL', () => {
  it('the grammar check rejects a broken query', () => {
    expect(errorNodes('{job="switchyard" | json')).not.toEqual([]);
    expect(errorNodes('{job="switchyard"} | json | tenant_id="a" }')).not.toEqual([]);
  });

  it("a tenant's logs", () => {
    const q = tenantLogs('acme-001');
    expect(q).toBe('{job="switchyard"} | json | tenant_id="acme-001"');
    expect(errorNodes(q)).toEqual([]);
  });

  it('a level filter keeps that level and above, by name and pino number', () => {
    expect(levelFilter('warn')).toBe('level=~"(?i)^(warn|40|error|50|fatal|60)$"');
    const q = tenantLogs('acme-001', { minLevel: 'error', service: 'gateway', contains: 'upstream' });
    expect(q).toBe(
      '{job="switchyard", service="gateway"} |= "upstream" | json | tenant_id="acme-001" | level=~"(?i)^(error|50|fatal|60)$"'
    );
    for (const l of LOG_LEVELS) expect(errorNodes(tenantLogs('t-1', { minLevel: l }))).toEqual([]);
    expect(() => levelFilter('loud' as never)).toThrow(QueryInputError);
  });

  it('hostile tenant ids and search text stay inside their strings', () => {
    const hostile = 'a"} |= "x\\';
    const q = tenantLogs(hostile, { contains: '"} or {' });
    expect(errorNodes(q)).toEqual([]);
    expect(q).toBe('{job="switchyard"} |= "\\"} or {" | json | tenant_id="a\\"} |= \\"x\\\\"');
  });

  it('dashboard variables and job ids', () => {
    const v = tenantLogs(variable('tenant'), { service: variable('service') });
    expect(v).toBe('{job="switchyard", service=~"$service"} | json | tenant_id=~"$tenant"');
    expect(errorNodes(v)).toEqual([]);
    const j = jobLogs('0b9c7a4e-1f2d-4c1e-9a57-3f1e2d4c5b6a', { minLevel: 'info' });
    expect(j).toBe(
      '{job="switchyard"} | json | jobId="0b9c7a4e-1f2d-4c1e-9a57-3f1e2d4c5b6a" | level=~"(?i)^(info|30|warn|40|error|50|fatal|60)$"'
    );
    expect(errorNodes(j)).toEqual([]);
    expect(() => jobLogs('')).toThrow(/job id/);
  });

  it("one shard's logs, several shards' logs (an escaped alternation), never none", () => {
    const one = shardLogs('gateway-prod-0', { service: 'gateway' });
    expect(one).toBe('{job="switchyard", service="gateway"} | json | shard="gateway-prod-0"');
    expect(errorNodes(one)).toEqual([]);
    const many = shardLogs(['gateway-prod-0', 'projection-prod-1'], { service: ['gateway', 'projection'] });
    expect(many).toBe(
      '{job="switchyard", service=~"gateway|projection"} | json | shard=~"gateway-prod-0|projection-prod-1"'
    );
    expect(errorNodes(many)).toEqual([]);
    expect(() => shardLogs([])).toThrow(QueryInputError);
  });

  it('log rate per service is a valid metric query', () => {
    const q = tenantLogRate('acme-001', '1m', { minLevel: 'error' });
    expect(q).toBe(
      'sum by (service) (count_over_time({job="switchyard"} | json | tenant_id="acme-001" | level=~"(?i)^(error|50|fatal|60)$" [1m]))'
    );
    expect(errorNodes(q)).toEqual([]);
    expect(errorNodes(tenantLogRate('a'))).toEqual([]);
    expect(() => tenantLogRate('a', 'soon')).toThrow(QueryInputError);
  });
});
