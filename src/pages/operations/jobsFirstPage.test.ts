import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { waitFor } from '@testing-library/react';
import { operationsApi } from '../../api/operationsApi';
import { fakeOperationsApi, jobDetail } from '../../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { prefetchFirstPage } from './jobsFirstPage';
import { JobsListScene } from './JobsListScene';

jest.mock('../../api/operationsApi', () => ({ operationsApi: { listJobs: jest.fn() } }));

const HUB = '/a/switchyard-controlplane-app/operations';

describe('operations prefetchFirstPage', () => {
  it('the jobs list takes the first page prefetched for its URL instead of asking again', async () => {
    setPermissions(OPS_OPERATOR);
    const url = `${HUB}?environment=prod&status=failed,running`;
    const prefetched = { items: [jobDetail()], nextCursor: null, prevCursor: null };
    (operationsApi.listJobs as jest.Mock).mockResolvedValue(prefetched);
    prefetchFirstPage(new URL(url, 'http://host').search);
    expect(operationsApi.listJobs).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 50, environment: ['prod'], status: ['running', 'failed'] })
    );
    const api = fakeOperationsApi();
    const scene = new JobsListScene({}, api, {
      getMine: () => Promise.resolve({ all: true, visibleEnvironments: [] }),
    } as never);
    locationService.push(url);
    new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    await waitFor(() => expect(scene.state.page).toBe(prefetched));
    expect(api.listJobs).not.toHaveBeenCalled();
    deactivate();
  });

  it('does not prefetch for a user without operations:read', () => {
    setPermissions([]);
    (operationsApi.listJobs as jest.Mock).mockClear();
    prefetchFirstPage('?environment=prod');
    expect(operationsApi.listJobs).not.toHaveBeenCalled();
  });
});
