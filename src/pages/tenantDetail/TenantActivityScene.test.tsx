import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { auditEntry } from '../../test/fixtures';
import { fakeApi } from '../../test/fakeApi';
import { ACTIVITY_CURSOR_KEY, TenantActivityScene } from './TenantActivityScene';

const URL = '/a/switchyard-controlplane-app/tenants/acme/activity';

function mount(url: string) {
  const api = fakeApi();
  api.listAudit.mockResolvedValue({
    items: [auditEntry({ seq: 2 }), auditEntry({ seq: 1 })],
    nextCursor: 'older-1',
    prevCursor: null,
  });
  const scene = new TenantActivityScene({ tenantId: 'acme' }, api);
  locationService.push(url);
  new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
  render(<scene.Component model={scene} />);
  return { api, scene };
}

describe('TenantActivityScene', () => {
  it("lists the tenant's audit entries, filtered by target", async () => {
    const { api } = mount(URL);
    expect(await screen.findAllByTestId(testIds.tenant.activityRow)).toHaveLength(2);
    expect(api.listAudit).toHaveBeenCalledWith(
      expect.objectContaining({ targetType: 'tenant', targetId: 'acme', cursor: undefined })
    );
    expect(screen.getAllByText('maintenance window')).toHaveLength(2);
  });

  it('keeps the page cursor in the URL', async () => {
    const { api, scene } = mount(`${URL}?${ACTIVITY_CURSOR_KEY}=c5`);
    await waitFor(() => expect(api.listAudit).toHaveBeenCalledWith(expect.objectContaining({ cursor: 'c5' })));
    await screen.findAllByTestId(testIds.tenant.activityRow);
    act(() => scene.nextPage());
    expect(new URLSearchParams(locationService.getLocation().search).get(ACTIVITY_CURSOR_KEY)).toBe('older-1');
    await waitFor(() => expect(api.listAudit).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'older-1' })));
  });
});
