import { CHECK_LABELS, ISOLATION_CHECKS } from '../contract';
import type { IsolationCheck, IsolationPage, IsolationSummary, TenantIsolation } from '../contract';
import type { IsolationApi as Api } from '../api/isolationApi';

export function isolationSummary(overrides: Partial<IsolationSummary> = {}): IsolationSummary {
  return {
    tenantId: 'acme',
    environment: 'prod',
    known: true,
    verdict: 'isolated',
    failing: [],
    probedAt: '2026-02-03T04:05:06.000Z',
    error: null,
    ...overrides,
  };
}

export function isolationPage(items: IsolationSummary[], overrides: Partial<IsolationPage> = {}): IsolationPage {
  const counts = { violation: 0, unknown: 0, warning: 0, isolated: 0 };
  for (const i of items) counts[i.verdict] += 1;
  return {
    configured: true,
    items,
    nextCursor: null,
    prevCursor: null,
    counts,
    lastRefreshAt: '2026-02-03T04:00:00.000Z',
    ...overrides,
  };
}

export function passingChecks(): IsolationCheck[] {
  return ISOLATION_CHECKS.map((check) => ({
    check,
    label: CHECK_LABELS[check],
    result: 'pass',
    expected: 'x',
    observed: 'x',
    evidence: `${check} ok`,
    remediation: null,
  }));
}

export function tenantIsolation(overrides: Partial<TenantIsolation> = {}): TenantIsolation {
  return { ...isolationSummary(), configured: true, checks: passingChecks(), history: [], ...overrides };
}

/** An IsolationApi whose every method is a jest mock. */
export function fakeIsolationApi(): jest.Mocked<Api> {
  return { listIsolation: jest.fn(), getTenantIsolation: jest.fn(), probeTenantIsolation: jest.fn() };
}
