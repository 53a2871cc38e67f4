import { render, screen } from '@testing-library/react';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { myEntitlements } from '../../test/operationsFixtures';
import { visibleEnvironments } from './JobsListScene';
import { JobsToolbar } from './JobsTable';
import { emptyJobsFilters } from './jobsUrlState';

describe('visibleEnvironments', () => {
  it('offers only the environments the user is entitled to, in the usual order', async () => {
    const api = { getMine: jest.fn().mockResolvedValue(myEntitlements({ visibleEnvironments: ['prod', 'dev'] })) };
    await expect(visibleEnvironments(api)).resolves.toEqual(['dev', 'prod']);
  });

  it('offers every environment when the user sees all tenants', async () => {
    const api = {
      getMine: jest.fn().mockResolvedValue(myEntitlements({ enforced: false, all: true, basis: 'not_enforced' })),
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

describe('JobsToolbar', () => {
  it('has no environment filter of its own (the hub has it, above every section)', () => {
    render(<JobsToolbar filters={emptyJobsFilters()} onChange={jest.fn()} onClear={jest.fn()} />);
    expect(screen.getByRole('combobox', { name: 'Filter by type' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Filter by environment' })).not.toBeInTheDocument();
  });

  it('offers "Clear filters" for its own filters only, not for the environment alone', () => {
    const { rerender } = render(
      <JobsToolbar
        filters={{ ...emptyJobsFilters(), environment: ['prod'] }}
        onChange={jest.fn()}
        onClear={jest.fn()}
      />
    );
    expect(screen.queryByText('Clear filters')).not.toBeInTheDocument();
    rerender(
      <JobsToolbar
        filters={{ ...emptyJobsFilters(), environment: ['prod'], status: ['failed'] }}
        onChange={jest.fn()}
        onClear={jest.fn()}
      />
    );
    expect(screen.getByText('Clear filters')).toBeInTheDocument();
  });
});
