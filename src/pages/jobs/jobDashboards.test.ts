import { jobDetail } from '../../test/operationsFixtures';
import { jobDashboardLinks } from './jobDashboards';

const now = Date.parse('2026-11-23T12:00:00.000Z');
const finished = { status: 'succeeded' as const, finishedAt: '2026-11-23T10:05:00.000Z' };

describe('jobDashboardLinks', () => {
  it('a tenant job links the tenant dashboards with var-tenant and the job window', () => {
    const links = jobDashboardLinks(jobDetail(finished), now);
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(links[0]!.href).toBe(
      '/d/switchyard-http?var-tenant=acme&from=2026-11-23T09%3A45%3A01.000Z&to=2026-11-23T10%3A20%3A00.000Z'
    );
  });

  it('a shard job links the shard dashboards with var-shard', () => {
    const links = jobDashboardLinks(jobDetail({ tenantId: null, params: { shardId: 'gw-prod-1' } }), now);
    expect(links.map((l) => l.uid)).toContain('switchyard-workers');
    expect(links.every((l) => l.href.includes('var-shard=gw-prod-1') && l.href.endsWith('to=now'))).toBe(true);
  });

  it('any other job links the control-plane dashboard with its environment', () => {
    const links = jobDashboardLinks(jobDetail({ tenantId: null, environment: 'staging', params: {} }), now);
    expect(links.map((l) => [l.uid, new URL(l.href, 'http://x').searchParams.get('var-environment')])).toEqual([
      ['switchyard-control-plane', 'staging'],
    ]);
  });
});
