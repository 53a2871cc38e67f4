import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { SwitchyardDataSource } from '../datasource';
import type { SwitchyardQuery } from '../types';
import { QueryEditor, fieldErrors } from './QueryEditor';

function setup(query: Partial<SwitchyardQuery>) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const datasource = {
    pickList: jest.fn().mockResolvedValue([
      { text: 'acme-001', value: 'acme-001' },
      { text: 'globex-002', value: 'globex-002' },
    ]),
  } as unknown as SwitchyardDataSource;
  const utils = render(
    <QueryEditor
      query={{ refId: 'A', ...query } as SwitchyardQuery}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={datasource}
    />
  );
  return { ...utils, onChange, onRunQuery, datasource };
}

describe('QueryEditor', () => {
  it('shows the query type and the filters of that type', () => {
    setup({ queryType: 'tenants' });
    expect(screen.getByText('Tenants (table)')).toBeInTheDocument();
    for (const label of ['Status', 'Environment', 'Plan', 'Search', 'Limit']) {
      expect(screen.getByText(label)).toBeInTheDocument();
    }
  });

  it('changes the query type from the select and runs the query', async () => {
    const { onChange, onRunQuery } = setup({ queryType: 'tenants', status: ['degraded'] });
    await userEvent.click(screen.getByRole('combobox', { name: 'Query type' }));
    await userEvent.click(await screen.findByText('Isolation verdicts'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'isolation' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('validates inline against the contract and does not run an invalid query', async () => {
    const { onChange, onRunQuery } = setup({ queryType: 'tenants', limit: 9000 });
    expect(screen.getByText('limit must be at most 5000')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('spinbutton'), '1');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 90001 }));
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('radio options switch the format; a valid change runs the query', async () => {
    const { onChange, onRunQuery } = setup({ queryType: 'jobs', format: 'table' });
    await userEvent.click(screen.getByRole('radio', { name: 'timeseries' }));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ format: 'timeseries' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('loads the tenant pick list from the backend resource', async () => {
    const { datasource, onChange } = setup({ queryType: 'alerts' });
    await waitFor(() => expect(datasource.pickList).toHaveBeenCalledWith('tenant'));
    await userEvent.click(screen.getByRole('combobox', { name: 'Tenant' }));
    await userEvent.click(await screen.findByText('globex-002'));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ tenant: 'globex-002' }));
  });

  it('names the field of each error, and leaves queries with variables to the backend', () => {
    expect(fieldErrors({ refId: 'A', queryType: 'jobs', status: ['lost'] } as SwitchyardQuery)).toEqual({
      status: expect.stringContaining('status'),
    });
    expect(fieldErrors({ refId: 'A', queryType: 'nope' } as unknown as SwitchyardQuery).queryType).toMatch(
      /queryType must be one of/
    );
    expect(fieldErrors({ refId: 'A', queryType: 'jobs', environment: ['$environment'] } as SwitchyardQuery)).toEqual(
      {}
    );
  });
});
