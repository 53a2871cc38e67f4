import { emptyFilters, filtersFromUrl, filtersToUrl, hasActiveFilters, toListQuery } from './tenantsUrlState';

describe('tenants URL state', () => {
  it('round-trips every filter through the URL', () => {
    const filters = {
      q: 'acme',
      status: ['active' as const, 'degraded' as const],
      environment: ['prod' as const],
      plan: ['team' as const, 'enterprise' as const],
      label: 'team=payments',
      sort: '-updatedAt',
      cursor: 'abc',
    };
    const url = filtersToUrl(filters);
    expect(url).toEqual({
      q: 'acme',
      status: 'active,degraded',
      environment: 'prod',
      plan: 'team,enterprise',
      label: 'team=payments',
      sort: '-updatedAt',
      cursor: 'abc',
    });
    expect(filtersFromUrl(url, emptyFilters())).toEqual(filters);
  });

  it('keeps defaults out of the URL', () => {
    expect(filtersToUrl(emptyFilters())).toEqual({
      q: null,
      status: null,
      environment: null,
      plan: null,
      label: null,
      sort: null,
      cursor: null,
    });
  });

  it('ignores values the contract does not know (hand-edited links)', () => {
    const f = filtersFromUrl(
      { status: 'active,bogus', environment: 'mars', plan: 'team', label: 'BAD LABEL', sort: 'password' },
      emptyFilters()
    );
    expect(f.status).toEqual(['active']);
    expect(f.environment).toEqual([]);
    expect(f.plan).toEqual(['team']);
    expect(f.label).toBe('');
    expect(f.sort).toBe('id');
  });

  it('clears a key set to null and keeps keys not mentioned', () => {
    const current = { ...emptyFilters(), q: 'x', status: ['active' as const] };
    expect(filtersFromUrl({ q: null }, current)).toEqual({ ...current, q: '' });
  });

  it('builds the listTenants query, omitting empty filters', () => {
    expect(toListQuery({ ...emptyFilters(), status: ['suspended'], cursor: 'c1' }, 25)).toEqual({
      limit: 25,
      q: undefined,
      status: ['suspended'],
      environment: undefined,
      plan: undefined,
      label: undefined,
      sort: 'id',
      cursor: 'c1',
    });
  });

  it('knows when filters are active (sort and cursor do not count)', () => {
    expect(hasActiveFilters({ ...emptyFilters(), sort: '-id', cursor: 'x' })).toBe(false);
    expect(hasActiveFilters({ ...emptyFilters(), label: 'team' })).toBe(true);
  });
});
