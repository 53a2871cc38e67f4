import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { AuditApi } from '../../api/auditApi';
import type { SecurityEvent } from '../../contract';
import { testIds } from '../../shared/testIds';
import { SecurityLogScene } from './SecurityLogScene';

const PAGE = '/a/switchyard-controlplane-app/audit/security';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

const event = (id: string, decision: SecurityEvent['decision']): SecurityEvent => ({
  id,
  ts: '2026-02-03T04:05:06.000Z',
  decision,
  status: decision === 'forbidden' ? 403 : 401,
  message: 'missing permission',
  method: 'GET',
  route: '/api/v1/tenants/:id',
  action: 'switchyard-controlplane-app.tenants:read',
  login: decision === 'forbidden' ? 'vera' : null,
  requestId: `req-${id}`,
});

function mount(url: string) {
  const api: jest.Mocked<AuditApi> = {
    listAudit: jest.fn(),
    countAudit: jest.fn(),
    verifyAudit: jest.fn(),
    listSecurityEvents: jest.fn().mockImplementation(async (q: { cursor?: string }) => ({
      items: [event(`e-${q.cursor ?? 'first'}`, 'forbidden'), event('u', 'unauthenticated')],
      nextCursor: 'older',
      prevCursor: q.cursor ? 'newer' : null,
    })),
  };
  const scene = new SecurityLogScene({}, api);
  locationService.push(url);
  new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
  render(<scene.Component model={scene} />);
  return { api, scene };
}

describe('SecurityLogScene', () => {
  it('lists refused requests with who, route, needed permission and request id', async () => {
    mount(PAGE);
    const rows = await screen.findAllByTestId(testIds.audit.securityRow);
    expect(rows.map((r) => r.getAttribute('data-decision'))).toEqual(['forbidden', 'unauthenticated']);
    expect(rows[0]).toHaveTextContent('vera');
    expect(rows[0]).toHaveTextContent('GET /api/v1/tenants/:id');
    expect(rows[0]).toHaveTextContent('req-e-first');
    expect(rows[1]).toHaveTextContent('unknown');
  });

  it('pages back as well as forward, with the cursor in the URL', async () => {
    const { api, scene } = mount(`${PAGE}?cursor=c5`);
    await waitFor(() =>
      expect(api.listSecurityEvents).toHaveBeenLastCalledWith({ limit: 50, cursor: 'c5', decision: undefined })
    );
    await waitFor(() => expect(scene.state.page?.prevCursor).toBe('newer'));
    act(() => scene.prevPage());
    expect(search()).toEqual({ cursor: 'newer' });
    await waitFor(() =>
      expect(api.listSecurityEvents).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'newer' }))
    );
    await waitFor(() => expect(scene.state.loading).toBe(false));
    act(() => scene.nextPage());
    expect(search()).toEqual({ cursor: 'older' });
  });

  it('filters by decision from the toolbar', async () => {
    const { api } = mount(PAGE);
    await screen.findAllByTestId(testIds.audit.securityRow);
    await userEvent.click(screen.getByRole('radio', { name: 'Forbidden (403)' }));
    expect(search()).toEqual({ decision: 'forbidden' });
    await waitFor(() =>
      expect(api.listSecurityEvents).toHaveBeenLastCalledWith(expect.objectContaining({ decision: 'forbidden' }))
    );
  });
});
