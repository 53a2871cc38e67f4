import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import type { MyEntitlements } from '../../contract';
import { visibleEnvironments } from './JobsListScene';
import { JobsToolbar } from './JobsTable';
import { emptyJobsFilters } from './jobsUrlState';

function mine(overrides: Partial<MyEntitlements>): MyEntitlements {
  return {
    enforced: true,
    all: false,
    basis: 'rules',
    teams: ['payments'],
    environments: [],
    labelSelectors: [],
    tenantIds: [],
    visibleEnvironments: [],
    ...overrides,
  };
}

describe('visibleEnvironments', () => {
  it('offers only the environments the user is entitled to, in the usual order', async () => {
    const api = { getMine: jest.fn().mockResolvedValue(mine({ visibleEnvironments: ['prod', 'dev'] })) };
    await expect(visibleEnvironments(api)).resolves.toEqual(['dev', 'prod']);
  });

  it('offers every environment when the user sees all tenants', async () => {
    const api = {
      getMine: jest.fn().mockResolvedValue(mine({ enforced: false, all: true, basis: 'not_enforced' })),
    };
    await expect(visibleEnvironments(api)).resolves.toEqual(['dev', 'staging', 'prod']);
  });

  it('offers every environment when the lookup fails (the sidecar still filters the answers)', async () => {
    const api = {
      getMine: jest.fn().mockRejectedValue(new ApiRequestError({ status: 503, code: 'x', message: 'down' })),
    };
    await expect(visibleEnvironments(api)).resolves.toEqual(['dev', 'staging', 'prod']);
  });
});

describe('JobsToolbar environment filter', () => {
  it('lists only the environments it is given', async () => {
    render(
      <JobsToolbar filters={emptyJobsFilters()} environments={['staging']} onChange={jest.fn()} onClear={jest.fn()} />
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter by environment' }));
    expect(screen.getByText('staging')).toBeInTheDocument();
    expect(screen.queryByText('prod')).not.toBeInTheDocument();
    expect(screen.queryByText('dev')).not.toBeInTheDocument();
  });
});
