import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { SwitchyardDataSource } from '../datasource';
import type { SwitchyardQuery, VariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

const datasource = { pickList: jest.fn().mockResolvedValue([]) } as unknown as SwitchyardDataSource;

function setup(query: Partial<VariableQuery>) {
  const onChange = jest.fn();
  render(
    <VariableQueryEditor
      query={{ refId: 'v', ...query } as VariableQuery}
      onChange={onChange}
      onRunQuery={jest.fn()}
      datasource={datasource}
      {...({} as { queries?: SwitchyardQuery[] })}
    />
  );
  return { onChange };
}

describe('VariableQueryEditor', () => {
  it('defaults to tenants, with an environment filter', () => {
    setup({});
    expect(screen.getByRole('radio', { name: 'tenant' })).toBeChecked();
    expect(screen.getByText('Environment')).toBeInTheDocument();
    expect(screen.queryByText('Service kind')).not.toBeInTheDocument();
  });

  it('switching to shards offers the service kind instead', async () => {
    const { onChange } = setup({ target: 'shard' });
    expect(screen.getByText('Service kind')).toBeInTheDocument();
    expect(screen.queryByText('Environment')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'jobType' }));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ refId: 'v', target: 'jobType' }));
  });
});
