import {
  emptyJobsFilters,
  hasJobsFilters,
  hasJobsToolbarFilters,
  jobsFiltersFromUrl,
  jobsFiltersToUrl,
  toJobsQuery,
} from './jobsUrlState';

describe('operations hub URL state', () => {
  it('reads known values and drops unknown ones (a hand-edited URL cannot break the page)', () => {
    const f = jobsFiltersFromUrl(
      {
        environment: 'prod,moon',
        type: 'tenant.drain,rm-rf',
        status: 'running,failed',
        tenant: 'acme-001',
        cursor: 'abc',
      },
      emptyJobsFilters()
    );
    expect(f).toEqual({
      environment: ['prod'],
      type: ['tenant.drain'],
      status: ['running', 'failed'],
      tenant: 'acme-001',
      cursor: 'abc',
    });
    expect(jobsFiltersFromUrl({ tenant: '../etc' }, emptyJobsFilters()).tenant).toBe('');
  });

  it('round-trips through the URL, with null for defaults', () => {
    const f = {
      environment: ['staging' as const],
      type: [],
      status: ['queued' as const],
      tenant: '',
      cursor: undefined,
    };
    const url = jobsFiltersToUrl(f);
    expect(url).toEqual({ environment: 'staging', type: null, status: 'queued', tenant: null, cursor: null });
    expect(jobsFiltersFromUrl(url, emptyJobsFilters())).toEqual(f);
  });

  it('absent keys keep the current value; null clears', () => {
    const current = { ...emptyJobsFilters(), tenant: 'acme', status: ['failed' as const] };
    expect(jobsFiltersFromUrl({ status: null }, current)).toEqual({ ...current, status: [] });
    expect(jobsFiltersFromUrl({}, current)).toEqual(current);
  });

  it('builds a bounded listJobs query', () => {
    expect(toJobsQuery(emptyJobsFilters())).toEqual({
      limit: 50,
      environment: undefined,
      type: undefined,
      status: undefined,
      tenant: undefined,
      cursor: undefined,
    });
    expect(toJobsQuery({ ...emptyJobsFilters(), tenant: 'acme', cursor: 'c1' }, 10)).toMatchObject({
      limit: 10,
      tenant: 'acme',
      cursor: 'c1',
    });
    expect(hasJobsFilters(emptyJobsFilters())).toBe(false);
    expect(hasJobsFilters({ ...emptyJobsFilters(), type: ['deployment.restart'] })).toBe(true);
    expect(hasJobsFilters({ ...emptyJobsFilters(), environment: ['prod'] })).toBe(true);
    expect(hasJobsToolbarFilters({ ...emptyJobsFilters(), environment: ['prod'] })).toBe(false);
    expect(hasJobsToolbarFilters({ ...emptyJobsFilters(), tenant: 'acme' })).toBe(true);
  });
});
