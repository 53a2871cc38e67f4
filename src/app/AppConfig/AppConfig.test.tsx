import type { AppPluginMeta } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { of, throwError } from 'rxjs';
import { testIds } from '../../shared/testIds';
import type { AppSettings } from '../types';
import AppConfig, { type AppConfigProps } from './AppConfig';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
}));

const fetchMock = jest.fn();
const SECRET = 's'.repeat(40);

function renderConfig(meta: Partial<AppPluginMeta<AppSettings>> = {}) {
  const plugin = {
    meta: { id: 'switchyard-controlplane-app', enabled: true, pinned: true, jsonData: {}, ...meta },
  } as AppConfigProps['plugin'];
  render(<AppConfig plugin={plugin} query={{}} />);
}

beforeEach(() => {
  fetchMock.mockReset().mockReturnValue(of({ data: {}, status: 200 }));
  (getBackendSrv as jest.Mock).mockReturnValue({ fetch: fetchMock });
  jest.spyOn(locationService, 'reload').mockImplementation(() => undefined);
});

describe('AppConfig', () => {
  it('shows a stored secret only as "configured", never its value', () => {
    renderConfig({ jsonData: { sidecarUrl: 'http://sidecar:8787' }, secureJsonFields: { proxySecret: true } });
    expect(screen.getByTestId(testIds.config.sidecarUrl)).toHaveValue('http://sidecar:8787');
    expect(screen.getByTestId(testIds.config.proxySecretState)).toHaveTextContent('Proxy secret: configured');
    expect(screen.getByRole('button', { name: 'Reset' })).toBeInTheDocument();
  });

  it('reports a missing secret as not configured', () => {
    renderConfig();
    expect(screen.getByTestId(testIds.config.proxySecretState)).toHaveTextContent('Proxy secret: not configured');
  });

  it('refuses an invalid URL with a message naming the field, without saving', async () => {
    renderConfig({ secureJsonFields: { proxySecret: true } });
    await userEvent.type(screen.getByTestId(testIds.config.sidecarUrl), 'sidecar:8787');
    await userEvent.click(screen.getByTestId(testIds.config.save));
    expect(screen.getByText(/Sidecar URL must start with http/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('saves jsonData and the new secret to the settings API, then reloads', async () => {
    renderConfig({ enabled: false, pinned: false, jsonData: {} });
    await userEvent.type(screen.getByTestId(testIds.config.sidecarUrl), 'http://sidecar:8787/');
    await userEvent.type(screen.getByLabelText(/^Proxy secret/), SECRET);
    await userEvent.click(screen.getByTestId(testIds.config.save));
    await waitFor(() => expect(locationService.reload).toHaveBeenCalled());
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/plugins/switchyard-controlplane-app/settings',
        method: 'POST',
        data: {
          enabled: true,
          pinned: false,
          jsonData: { sidecarUrl: 'http://sidecar:8787' },
          secureJsonData: { proxySecret: SECRET },
        },
      })
    );
  });

  it('keeps the stored secret when none is typed (no secureJsonData sent)', async () => {
    renderConfig({ jsonData: { sidecarUrl: 'http://s' }, secureJsonFields: { proxySecret: true } });
    await userEvent.click(screen.getByTestId(testIds.config.save));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0][0].data.secureJsonData).toBeUndefined();
  });

  it('after Reset, requires a new secret', async () => {
    renderConfig({ jsonData: { sidecarUrl: 'http://s' }, secureJsonFields: { proxySecret: true } });
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByTestId(testIds.config.proxySecretState)).toHaveTextContent('not configured');
    await userEvent.click(screen.getByTestId(testIds.config.save));
    expect(screen.getByText(/Proxy secret is required/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says so when Grafana refuses to save', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 403, data: { message: 'Permission denied' } })));
    renderConfig({ jsonData: { sidecarUrl: 'http://s' }, secureJsonFields: { proxySecret: true } });
    await userEvent.click(screen.getByTestId(testIds.config.save));
    expect(await screen.findByText(/did not save the settings/)).toBeInTheDocument();
    expect(locationService.reload).not.toHaveBeenCalled();
  });
});
