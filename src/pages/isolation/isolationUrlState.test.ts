import {
  emptyIsolationFilters,
  isolationFiltersFromUrl,
  isolationFiltersToUrl,
  toIsolationQuery,
} from './isolationUrlState';

describe('isolation URL state', () => {
  it('reads known verdicts, checks and environments from the URL, dropping anything else', () => {
    const f = isolationFiltersFromUrl(
      { verdict: 'warning,violation,bogus', check: 'privilege_probe,drop_tables', environment: 'prod', cursor: 'c1' },
      emptyIsolationFilters()
    );
    expect(f).toEqual({
      verdict: ['violation', 'warning'],
      check: ['privilege_probe'],
      environment: ['prod'],
      cursor: 'c1',
    });
  });

  it('keeps the URL short: empty filters are null', () => {
    expect(isolationFiltersToUrl(emptyIsolationFilters())).toEqual({
      verdict: null,
      check: null,
      environment: null,
      cursor: null,
    });
    expect(isolationFiltersToUrl({ verdict: ['violation'], check: [], environment: ['dev', 'prod'] })).toEqual({
      verdict: 'violation',
      check: null,
      environment: 'dev,prod',
      cursor: null,
    });
  });

  it('builds the listIsolation query', () => {
    expect(
      toIsolationQuery({ verdict: ['violation'], check: ['naming_contract'], environment: [], cursor: 'c' }, 25)
    ).toEqual({
      limit: 25,
      verdict: ['violation'],
      check: ['naming_contract'],
      environment: undefined,
      cursor: 'c',
    });
  });
});
