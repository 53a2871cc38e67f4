import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { testIds } from '../../shared/testIds';
import { fakeOperationsApi, jobDetail } from '../../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { JobsListScene } from './JobsListScene';

const HUB = '/a/switchyard-controlplane-app/operations';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

beforeEach(() => setPermissions(OPS_OPERATOR));

function mount(url: string) {
  const api = fakeOperationsApi();
  api.listJobs.mockResolvedValue({ items: [jobDetail()], nextCursor: null, prevCursor: null });
  const scene = new JobsListScene({}, api, { getMine: jest.fn().mockRejectedValue(new Error('offline')) });
  locationService.push(url);
  const urlSync = new UrlSyncManager();
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, deactivate };
}

describe('JobsListScene: tenant filter', () => {
  it('applies after a pause in typing, like the tenants search, so the URL carries it', async () => {
    const { api, deactivate } = mount(HUB);
    await screen.findByTestId(testIds.operations.jobRow);
    const input = screen.getByTestId(testIds.operations.filterTenant);
    await userEvent.type(input, 'acme');
    // Not yet (the field keeps focus; no Enter, no blur): it waits for the pause.
    expect(input).toHaveFocus();
    expect(search()).toEqual({});
    await waitFor(() => expect(search()).toEqual({ tenant: 'acme' }));
    await waitFor(() => expect(api.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ tenant: 'acme' })));
    // One query for the pause, none per keystroke.
    const tenants = api.listJobs.mock.calls.map(([q]) => q.tenant).filter(Boolean);
    expect(tenants).toEqual(['acme']);
    deactivate();
  });

  it('does not apply a value that is not a tenant id; says so under the field', async () => {
    const { deactivate } = mount(HUB);
    await screen.findByTestId(testIds.operations.jobRow);
    await userEvent.type(screen.getByTestId(testIds.operations.filterTenant), 'Bad_ID');
    expect(screen.getByText('A tenant id')).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 400));
    expect(search()).toEqual({});
    deactivate();
  });
});
