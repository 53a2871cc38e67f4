import type { JobDetail, JobStep } from '../contract';
import { jobDetail } from '../test/operationsFixtures';
import { jobDeployments, jobLinks } from './jobLinks';

const step = (name: string, observed: JobStep['observed'], status: JobStep['status'] = 'succeeded'): JobStep => ({
  index: 0,
  name,
  title: name,
  status,
  attempts: 1,
  startedAt: '2026-11-23T10:00:01.000Z',
  finishedAt: '2026-11-23T10:00:02.000Z',
  observed,
  error: null,
});

const job = (overrides: Partial<JobDetail>) => jobDetail({ steps: [], ...overrides });

/** The Explore link's LogQL. */
const expr = (href: string | undefined) =>
  JSON.parse(new URL(href ?? '', 'http://g').searchParams.get('panes') ?? '{}').a.queries[0].expr as string;

describe('jobDeployments: a shard is its deployment', () => {
  it('reads the workload, the shard, the migration target and source, and the shards a drain resolved', () => {
    expect(jobDeployments(job({ params: { environment: 'prod', deployment: 'gateway-prod-0' } }))).toEqual([
      'gateway-prod-0',
    ]);
    expect(jobDeployments(job({ params: { shardId: 'runner-dev-1' } }))).toEqual(['runner-dev-1']);
    expect(
      jobDeployments(
        job({
          params: { tenantId: 'acme', kind: 'gateway', targetShardId: 'gateway-prod-1' },
          steps: [step('resolve-source', { source: 'gateway-prod-0', revision: 3 })],
        })
      )
    ).toEqual(['gateway-prod-1', 'gateway-prod-0']);
    expect(
      jobDeployments(
        job({
          params: { tenantId: 'acme' },
          steps: [
            step('resolve-shards', { shards: ['gateway-prod-0', 'projection-prod-1'] }),
            step('drain-shards', { shards: [{ shard: 'gateway-prod-0', draining: true }, { shard: 'runner-prod-0' }] }),
          ],
        })
      )
    ).toEqual(['gateway-prod-0', 'projection-prod-1', 'runner-prod-0']);
  });

  it('ignores what is not a deployment name, and a job that resolved nothing yet names none', () => {
    expect(
      jobDeployments(
        job({
          params: { tenantId: 'acme', deployment: 42 },
          steps: [step('resolve-shards', { shards: ['Not A Name', '', null, { shard: 7 }] }), step('wait', null)],
        })
      )
    ).toEqual([]);
  });
});

describe('jobLinks', () => {
  it('a drain that failed links the pods of the shards it resolved, their logs and the tenant logs, over its time', () => {
    const links = jobLinks(
      job({
        status: 'failed',
        finishedAt: '2026-11-23T10:10:00.000Z',
        steps: [
          step('resolve-shards', { shards: ['gateway-prod-0', 'projection-prod-1'] }),
          step('wait-in-flight', null, 'failed'),
        ],
      })
    );
    expect(links?.deployments).toEqual(['gateway-prod-0', 'projection-prod-1']);
    const from = String(Date.parse('2026-11-23T10:00:00.000Z') - 300_000);
    const to = String(Date.parse('2026-11-23T10:10:00.000Z') + 300_000);
    expect(links?.pods).toBe(
      `/d/switchyard-cluster?var-env=prod&var-service=gateway&var-service=projection&from=${from}&to=${to}&viewPanel=panel-2`
    );
    expect(expr(links?.logs)).toBe(
      '{job="switchyard", service=~"gateway|projection"} | json | shard=~"gateway-prod-0|projection-prod-1"'
    );
    expect(expr(links?.tenantLogs)).toBe('{job="switchyard"} | json | tenant_id="acme"');
  });

  it('a tenant job that names no shard yet links the pods of its environment and the tenant logs', () => {
    const links = jobLinks(job({ steps: [step('mark', { status: 'draining' })] }));
    expect(links?.deployments).toEqual([]);
    expect(links?.pods).toMatch(/^\/d\/switchyard-cluster\?var-env=prod&from=\d+&to=now&viewPanel=panel-2$/);
    expect(links?.logs).toBeUndefined();
    expect(expr(links?.tenantLogs)).toBe('{job="switchyard"} | json | tenant_id="acme"');
  });

  it('a job on no workload and no tenant has none', () => {
    expect(jobLinks(job({ type: 'inventory.sync', tenantId: null, params: {} }))).toBeNull();
  });
});
