import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { ConfigEditorProps } from './ConfigEditor';
import { ConfigEditor } from './ConfigEditor';

type Options = ConfigEditorProps['options'];

function setup(over: Partial<Options> = {}) {
  const onOptionsChange = jest.fn();
  const options = {
    id: 1,
    uid: 'switchyard-controlplane',
    name: 'Switchyard control plane',
    type: 'switchyard-controlplane-datasource',
    jsonData: { sidecarUrl: 'http://sidecar:8787' },
    secureJsonFields: {},
    secureJsonData: {},
    ...over,
  } as unknown as Options;
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return { onOptionsChange, options };
}

describe('ConfigEditor', () => {
  it('stores the sidecar URL in jsonData', () => {
    const { onOptionsChange } = setup();
    fireEvent.change(screen.getByLabelText(/Sidecar URL/), { target: { value: 'http://other:8787 ' } });
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { sidecarUrl: 'http://other:8787' } })
    );
  });

  it('writes the token to secureJsonData only', async () => {
    const { onOptionsChange } = setup();
    await userEvent.type(screen.getByLabelText(/Data source token/), 'x');
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ secureJsonData: { sidecarToken: 'x' } })
    );
    expect(onOptionsChange.mock.calls[0][0].jsonData).toEqual({ sidecarUrl: 'http://sidecar:8787' });
  });

  it('a saved token is shown as configured, never its value; Reset clears it', async () => {
    const { onOptionsChange } = setup({ secureJsonFields: { sidecarToken: true } });
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ secureJsonFields: { sidecarToken: false }, secureJsonData: { sidecarToken: '' } })
    );
  });

  it('explains a bad URL, a short token and a missing token', () => {
    setup({ jsonData: { sidecarUrl: 'ftp://sidecar' }, secureJsonData: { sidecarToken: 'short' } } as Partial<Options>);
    expect(screen.getByText('The sidecar URL must be http(s)')).toBeInTheDocument();
    expect(screen.getByText('The token is at least 32 characters')).toBeInTheDocument();
  });

  it('asks for a token when none is saved', () => {
    setup();
    expect(screen.getByText('Set the data source token')).toBeInTheDocument();
  });
});
