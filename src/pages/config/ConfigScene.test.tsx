import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { ConfigApi } from '../../api/configApi';
import { Actions, type ConfigVersion } from '../../contract';
import { testIds } from '../../shared/testIds';
import { setPermissions } from '../../test/permissions';
import { ConfigScene } from './ConfigScene';

const BASE = '/a/switchyard-controlplane-app/config';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function version(v: number, value: Record<string, unknown>, restoredFrom: number | null = null): ConfigVersion {
  return {
    kind: 'tenant.limits',
    scope: 'tenant:acme-001',
    version: v,
    schemaVersion: 1,
    value,
    author: 'alice',
    reason: `change ${v}`,
    createdAt: `2026-01-0${v}T00:00:00.000Z`,
    hash: String(v).repeat(64),
    restoredFrom,
  };
}

const V1 = version(1, { schemaVersion: 1, requestsPerSecond: 100 });
const V2 = version(2, { schemaVersion: 1, requestsPerSecond: 250 });

function setup(url: string, versions: ConfigVersion[] = [V2, V1]) {
  const api = {
    listDocuments: jest.fn().mockResolvedValue({
      items: [
        {
          kind: 'tenant.limits',
          scope: 'tenant:acme-001',
          latestVersion: versions[0]?.version ?? 1,
          appliedVersion: { dev: null, staging: null, prod: 1 },
          updatedAt: '2026-01-02T00:00:00.000Z',
          author: 'alice',
        },
      ],
    }),
    listVersions: jest.fn().mockResolvedValue({ items: versions }),
    diff: jest.fn().mockResolvedValue({
      kind: 'tenant.limits',
      scope: 'tenant:acme-001',
      from: 1,
      to: 2,
      entries: [{ path: 'requestsPerSecond', change: 'changed', before: 100, after: 250 }],
    }),
    preview: jest.fn().mockResolvedValue({
      validation: { valid: true, errors: [] },
      diff: [{ path: 'requestsPerSecond', change: 'changed', before: 250, after: 300 }],
      affectedTenants: 1,
      samples: [
        {
          tenantId: 'acme-001',
          changes: [{ path: 'requestsPerSecond', before: 250, after: 300, source: 'tenant' }],
        },
      ],
    }),
    write: jest.fn().mockResolvedValue(version(3, { schemaVersion: 1, requestsPerSecond: 300 })),
    apply: jest.fn().mockResolvedValue({ jobId: '1b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c', version: 2 }),
    rollback: jest.fn().mockResolvedValue(version(3, V1.value, 1)),
    effective: jest.fn().mockResolvedValue({ tenantId: 'acme-001', environment: 'staging', plan: 'team', configs: [] }),
  } as unknown as jest.Mocked<ConfigApi>;
  const scene = new ConfigScene({}, api);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene, deactivate };
}

describe('ConfigScene', () => {
  beforeEach(() => setPermissions([Actions.configRead, Actions.configWrite]));

  it('reads the open document and the compared versions from the URL, and shows the diff', async () => {
    const { api, deactivate } = setup(`${BASE}?kind=tenant.limits&scope=tenant:acme-001&from=1&to=2`);
    await waitFor(() => expect(api.listVersions).toHaveBeenCalledWith('tenant.limits', 'tenant:acme-001'));
    await waitFor(() => expect(api.diff).toHaveBeenCalledWith('tenant.limits', 'tenant:acme-001', 1, 2));
    const entry = await screen.findByTestId(testIds.configDocs.diffEntry);
    expect(entry).toHaveAttribute('data-path', 'requestsPerSecond');
    expect(entry).toHaveTextContent('100');
    expect(entry).toHaveTextContent('250');
    expect(screen.getAllByTestId(testIds.configDocs.versionRow)).toHaveLength(2);
    expect((screen.getByTestId(testIds.configDocs.editor) as HTMLTextAreaElement).value).toContain('250');
    deactivate();
  });

  it('ignores a hand-edited URL it does not understand', async () => {
    const { scene, api, deactivate } = setup(`${BASE}?kind=nope&scope=tenant:acme-001&from=x`);
    expect(scene.state.kind).toBeUndefined();
    expect(scene.state.scope).toBeUndefined();
    await waitFor(() => expect(api.listDocuments).toHaveBeenCalled());
    expect(api.listVersions).not.toHaveBeenCalled();
    await screen.findByTestId(testIds.configDocs.documentRow);
    deactivate();
  });

  it('validates the draft as it is typed and names the failing field; save stays disabled', async () => {
    const { deactivate } = setup(`${BASE}?kind=tenant.limits&scope=tenant:acme-001`);
    const editor = (await screen.findByTestId(testIds.configDocs.editor)) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: '{"schemaVersion":1,"storageGb":-5}' } });
    const issue = await screen.findByTestId(testIds.configDocs.validationIssue);
    expect(issue).toHaveAttribute('data-path', 'storageGb');
    expect(screen.getByTestId(testIds.configDocs.save)).toBeDisabled();
    fireEvent.change(editor, { target: { value: '{"schemaVersion":1,' } });
    expect(await screen.findByText(/Not valid JSON/)).toBeInTheDocument();
    deactivate();
  });

  it('previews the draft on tenants, then saves it with a reason as a new version based on the latest', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?kind=tenant.limits&scope=tenant:acme-001`);
    const editor = (await screen.findByTestId(testIds.configDocs.editor)) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: '{"schemaVersion":1,"requestsPerSecond":300}' } });
    fireEvent.click(screen.getByTestId(testIds.configDocs.previewRun));
    const tenant = await screen.findByTestId(testIds.configDocs.previewTenant);
    expect(tenant).toHaveAttribute('data-tenant', 'acme-001');
    expect(api.preview).toHaveBeenCalledWith({
      kind: 'tenant.limits',
      scope: 'tenant:acme-001',
      value: { schemaVersion: 1, requestsPerSecond: 300 },
    });
    scene.ask({ kind: 'save' });
    await act(() => scene.confirm('raise acme limit'));
    expect(api.write).toHaveBeenCalledWith(
      'tenant.limits',
      'tenant:acme-001',
      { value: { schemaVersion: 1, requestsPerSecond: 300 }, reason: 'raise acme limit', baseVersion: 2 },
      expect.any(String)
    );
    expect(search()).toMatchObject({ from: '2', to: '3' });
    deactivate();
  });

  it('applies a version in the chosen environments and rolls back to an older one', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?kind=tenant.limits&scope=tenant:acme-001`);
    await screen.findAllByTestId(testIds.configDocs.versionRow);
    await waitFor(() => expect(scene.state.applyEnvironments).toEqual(['staging']));
    scene.ask({ kind: 'apply', version: 2 });
    scene.setApplyEnvironments(['prod']);
    await act(() => scene.confirm('roll out'));
    expect(api.apply).toHaveBeenCalledWith(
      'tenant.limits',
      'tenant:acme-001',
      { version: 2, environments: ['prod'], reason: 'roll out' },
      expect.any(String)
    );
    expect(await screen.findByTestId(testIds.configDocs.applyJob)).toHaveAttribute(
      'href',
      expect.stringContaining('1b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c')
    );
    scene.ask({ kind: 'rollback', version: 1 });
    await act(() => scene.confirm('undo'));
    expect(api.rollback).toHaveBeenCalledWith(
      'tenant.limits',
      'tenant:acme-001',
      { toVersion: 1, reason: 'undo' },
      expect.any(String)
    );
    deactivate();
  });

  it('shows an error with retry when the documents cannot be read, and an empty state when there are none', async () => {
    const { api, scene, deactivate } = setup(BASE);
    await screen.findByTestId(testIds.configDocs.documentRow);
    api.listDocuments.mockRejectedValueOnce(new Error('sidecar down'));
    await act(() => scene.load());
    expect(await screen.findByText('Could not load config documents')).toBeInTheDocument();
    api.listDocuments.mockResolvedValueOnce({ items: [] });
    await act(() => scene.load());
    expect(await screen.findByText(/No config documents yet/)).toBeInTheDocument();
    deactivate();
  });

  it('re-reads the documents on the interval in the URL and keeps the open document meanwhile', async () => {
    jest.useFakeTimers();
    try {
      const { api, scene, deactivate } = setup(`${BASE}?kind=tenant.limits&scope=tenant:acme-001&refresh=30s`);
      expect(screen.getByTestId(testIds.refreshPicker)).toHaveAttribute('data-value', '30s');
      await act(() => jest.advanceTimersByTimeAsync(0));
      expect(api.listDocuments).toHaveBeenCalledTimes(1);
      await act(() => jest.advanceTimersByTimeAsync(30_000));
      expect(api.listDocuments).toHaveBeenCalledTimes(2);
      expect(api.listVersions).toHaveBeenCalledTimes(1);
      act(() => scene.setRefresh('off'));
      expect(search().refresh).toBeUndefined();
      await act(() => jest.advanceTimersByTimeAsync(120_000));
      expect(api.listDocuments).toHaveBeenCalledTimes(2);
      deactivate();
    } finally {
      jest.useRealTimers();
    }
  });
});
