import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import type { AlertPage } from '../../contract';
import { testIds } from '../../shared/testIds';
import { deferred } from '../../test/fakeApi';
import { alert, fakeOperationsApi } from '../../test/operationsFixtures';
import { OPS_OPERATOR, OPS_VIEWER, setPermissions } from '../../test/permissions';
import { AlertInboxScene } from './AlertInboxScene';

const page = (over: Partial<AlertPage> = {}): AlertPage => ({
  items: [alert()],
  nextCursor: null,
  prevCursor: null,
  silences: 'ok',
  ...over,
});
const silence = {
  id: '11111111-2222-4333-8444-555555555555',
  state: 'active' as const,
  startsAt: '2026-11-23T10:05:00.000Z',
  endsAt: '2026-11-23T14:05:00.000Z',
  createdBy: 'alice',
  comment: 'fix rolling out (Switchyard, alert TenantHigh5xxRatio)',
};

function mount(p: AlertPage) {
  const api = fakeOperationsApi();
  api.listAlerts.mockResolvedValue(p);
  const scene = new AlertInboxScene({}, api);
  const deactivate = scene.activate();
  render(<scene.Component model={scene} />);
  return { api, scene, deactivate };
}

beforeEach(() => setPermissions(OPS_OPERATOR));

describe('AlertInboxScene: loading', () => {
  it('shows only the latest answer: an earlier request failing late is dropped, and nothing lands once the inbox is left', async () => {
    const api = fakeOperationsApi();
    const first = deferred<AlertPage>();
    api.listAlerts.mockReturnValueOnce(first.promise).mockResolvedValueOnce(page({ nextCursor: 'second' }));
    const scene = new AlertInboxScene({}, api);
    const deactivate = scene.activate();
    scene.goTo('c2');
    await waitFor(() => expect(scene.state.page?.nextCursor).toBe('second'));
    first.reject(new ApiRequestError({ status: 503, code: 'unavailable', message: 'late', requestId: 'r-0' }));
    await new Promise((settle) => setTimeout(settle, 0));
    expect(scene.state.page?.nextCursor).toBe('second');
    expect([scene.state.error, scene.state.refreshFailures]).toEqual([undefined, 0]);

    const late = deferred<AlertPage>();
    api.listAlerts.mockReturnValueOnce(late.promise);
    const loading = scene.load();
    deactivate();
    late.resolve(page({ nextCursor: 'late' }));
    await expect(loading).resolves.toBe(true);
    expect(scene.state.page?.nextCursor).toBe('second');
  });
});

describe('AlertInboxScene: closing the loop', () => {
  it('silences for the chosen duration with a reason, with one key per intent, and shows it in place', async () => {
    const { api, scene, deactivate } = mount(page());
    api.silenceAlert.mockRejectedValueOnce(
      new ApiRequestError({
        status: 503,
        code: 'unavailable',
        message: 'Alertmanager is unreachable',
        requestId: 'r-1',
      })
    );
    api.silenceAlert.mockResolvedValueOnce(alert({ silence }));
    await userEvent.click(await screen.findByTestId(testIds.operations.alertSilence));
    await userEvent.click(screen.getByRole('radio', { name: '4 h' }));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'fix rolling out');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    expect(await screen.findByTestId(testIds.reasonModal.error)).toHaveTextContent('Alertmanager is unreachable');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() => expect(screen.queryByTestId(testIds.reasonModal.dialog)).not.toBeInTheDocument());
    expect(api.silenceAlert).toHaveBeenCalledTimes(2);
    const [first, second] = api.silenceAlert.mock.calls;
    expect(first.slice(0, 3)).toEqual(['f000000000000001', 240, 'fix rolling out']);
    expect(second[3]).toBe(first[3]);
    const state = screen.getByTestId(testIds.operations.alertState);
    expect(state).toHaveTextContent(/Silenced until/);
    expect(state).toHaveTextContent('by alice');
    expect(screen.queryByTestId(testIds.operations.alertSilence)).not.toBeInTheDocument();
    expect(scene.state.page?.items[0].silence?.id).toBe(silence.id);
    deactivate();
  });

  it('unsilences an alert through the silence id', async () => {
    const { api, deactivate } = mount(page({ items: [alert({ silence })] }));
    api.expireSilence.mockResolvedValue({ id: silence.id, state: 'expired', endsAt: '2026-11-23T11:00:00.000Z' });
    await userEvent.click(await screen.findByTestId(testIds.operations.alertUnsilence));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'fix deployed');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() => expect(screen.getByTestId(testIds.operations.alertState)).toHaveTextContent('Open'));
    expect(api.expireSilence).toHaveBeenCalledWith(silence.id, 'fix deployed', expect.any(String));
    deactivate();
  });

  it('acknowledges in one click and says who took it', async () => {
    const { api, deactivate } = mount(page());
    api.acknowledgeAlert.mockResolvedValue(
      alert({ acknowledgement: { by: 'alice', at: '2026-11-23T10:06:00.000Z', reason: null } })
    );
    await userEvent.click(await screen.findByTestId(testIds.operations.alertAcknowledge));
    await waitFor(() =>
      expect(screen.getByTestId(testIds.operations.alertState)).toHaveTextContent('Acknowledged by alice')
    );
    expect(screen.queryByTestId(testIds.operations.alertAcknowledge)).not.toBeInTheDocument();
    deactivate();
  });

  it('links each alert to its dashboard panel and rule', async () => {
    const { deactivate } = mount(page({ items: [alert({ generatorUrl: 'http://vmalert:8880/vmalert/rule?id=1' })] }));
    const row = await screen.findByTestId(testIds.operations.alertRow);
    const panel = within(row).getByTestId(testIds.operations.alertPanelLink);
    expect(panel.getAttribute('href')).toMatch(
      /^\/d\/switchyard-http\?var-tenant=acme&from=\d+&to=now&viewPanel=panel-5$/
    );
    expect(within(row).getByTestId(testIds.operations.alertRuleLink)).toHaveAttribute(
      'href',
      'http://vmalert:8880/vmalert/rule?id=1'
    );
    deactivate();
  });

  it('says when silences are off and offers no silence button', async () => {
    const { deactivate } = mount(page({ silences: 'off' }));
    expect(await screen.findByTestId(testIds.operations.silencesNotice)).toHaveTextContent(
      'SWITCHYARD_ALERTMANAGER_URL'
    );
    expect(screen.queryByTestId(testIds.operations.alertSilence)).not.toBeInTheDocument();
    deactivate();
  });

  it('a viewer sees the buttons disabled with the reason', async () => {
    setPermissions(OPS_VIEWER);
    const { deactivate } = mount(page());
    expect(await screen.findByTestId(testIds.operations.alertSilence)).toBeDisabled();
    expect(screen.getByTestId(testIds.operations.alertAcknowledge)).toBeDisabled();
    deactivate();
  });
});
