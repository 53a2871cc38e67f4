import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { parse } from 'yaml';
import type { DefinitionsApi } from '../../api/definitionsApi';
import { orderBundle } from '../../changes/definitions/bundle.fixture';
import type { BundleRecord, Promotion } from '../../contract';
import { testIds } from '../../shared/testIds';
import { editableCopy, nextPatch } from './bundleText';
import { DefinitionsScene, LIVE_REFRESH_MS, VALIDATE_DELAY_MS } from './DefinitionsScene';

const BASE = '/a/switchyard-controlplane-app/definitions';
const ID = '1b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

const record: BundleRecord = {
  name: 'orders',
  version: '1.0.0',
  hash: 'a'.repeat(64),
  bundle: orderBundle('1.0.0'),
  validation: { valid: true, errors: [] },
  uploadedBy: 'alice',
  uploadedAt: '2026-01-01T00:00:00.000Z',
};

const waiting: Promotion = {
  id: ID,
  kind: 'promotion',
  name: 'orders',
  version: '1.0.0',
  from: 'staging',
  to: 'prod',
  status: 'awaiting_approval',
  approvalRequired: true,
  requestedBy: 'alice',
  approvedBy: null,
  jobId: ID,
  reason: 'release',
  createdAt: '2026-01-01T00:00:00.000Z',
};

function setup(url: string, promotions: Promotion[] = []) {
  const { bundle: _bundle, ...summary } = record;
  const api = {
    listBundles: jest.fn().mockResolvedValue({ items: [summary] }),
    getBundle: jest.fn().mockResolvedValue(record),
    validate: jest.fn().mockResolvedValue({ valid: true, errors: [] }),
    upload: jest.fn().mockResolvedValue(record),
    impact: jest.fn().mockResolvedValue({
      name: 'orders',
      version: '1.0.0',
      environment: 'prod',
      replaces: null,
      changes: { added: ['aggregate:Order'], removed: [], changed: [] },
      tenants: ['acme-001'],
      services: [{ kind: 'aggregate', shards: ['aggregate-prod-0'] }],
    }),
    environments: jest.fn().mockResolvedValue({ items: [] }),
    promotions: jest.fn().mockResolvedValue({ items: promotions }),
    promote: jest.fn().mockResolvedValue(waiting),
    approve: jest.fn().mockResolvedValue({ ...waiting, status: 'running', approvedBy: 'bob' }),
    revert: jest.fn(),
    tenantOverrides: jest.fn(),
    setTenantOverride: jest.fn(),
  } as unknown as jest.Mocked<DefinitionsApi>;
  const scene = new DefinitionsScene({}, api);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { api, scene, deactivate };
}

describe('DefinitionsScene', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the selected bundle version and impact environment from the URL and loads them', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?bundle=orders&version=1.0.0&impactEnv=prod`);
    await waitFor(() => expect(api.impact).toHaveBeenCalledWith('orders', '1.0.0', 'prod'));
    expect(scene.state.record?.hash).toBe(record.hash);
    scene.setImpactEnv('staging');
    expect(search().impactEnv).toBe('staging');
    deactivate();
  });

  it('ignores a malformed selection in the URL', () => {
    const { scene, deactivate } = setup(`${BASE}?bundle=Bad Name&version=x&impactEnv=qa`);
    expect([scene.state.bundle, scene.state.version, scene.state.impactEnv]).toEqual([undefined, undefined, undefined]);
    deactivate();
  });

  it('validates the editor text shortly after typing and shows each error with its path', async () => {
    jest.useFakeTimers();
    const { api, scene, deactivate } = setup(BASE);
    api.validate.mockResolvedValue({
      valid: false,
      errors: [{ path: 'sagas.0.effects.1', message: 'Saga Checkout calls unknown effect provider sms' }],
    });
    scene.editText('manifest: {}');
    await jest.advanceTimersByTimeAsync(VALIDATE_DELAY_MS + 10);
    expect(api.validate).toHaveBeenLastCalledWith('manifest: {}');
    jest.useRealTimers();
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    const item = await screen.findByTestId(testIds.definitions.validationError);
    expect(item.getAttribute('data-path')).toBe('sagas.0.effects.1');
    deactivate();
  });

  it('shows who may approve a waiting prod promotion, and approves with a reason and one key', async () => {
    const { api, scene, deactivate } = setup(BASE, [waiting]);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    const hint = await screen.findByTestId(testIds.definitions.approvalHint);
    expect(hint.textContent).toMatch(/second person: anyone with the Switchyard Approver role .*, not alice/);
    scene.askApprove(waiting);
    const key = scene.state.pending?.key as string;
    await scene.confirm('reviewed');
    expect(api.approve).toHaveBeenCalledWith(ID, 'reviewed', key);
    expect(scene.state.pending).toBeUndefined();
    deactivate();
  });

  it('a refused promotion keeps the dialog open with the error', async () => {
    const { api, scene, deactivate } = setup(BASE);
    api.promote.mockRejectedValueOnce(Object.assign(new Error('must run in staging'), { status: 409 }));
    await scene.askPromote('orders', '1.0.0', 'prod');
    await scene.confirm('ship it');
    expect(scene.state.pending?.kind).toBe('promote');
    expect(scene.state.actionError).toBeDefined();
    deactivate();
  });

  it('refreshes what runs where on the interval in the URL, besides following a waiting promotion', async () => {
    jest.useFakeTimers();
    const { api, scene, deactivate } = setup(`${BASE}?refresh=1m`);
    expect(scene.state.refresh).toBe('1m');
    await jest.advanceTimersByTimeAsync(0);
    expect(api.environments).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(api.environments).toHaveBeenCalledTimes(2);
    api.promotions.mockResolvedValue({ items: [waiting] });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(api.environments).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    expect(api.environments).toHaveBeenCalledTimes(4);
    deactivate();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(api.environments).toHaveBeenCalledTimes(4);
  });

  it('edits a stored version as the next patch version', () => {
    expect(nextPatch('1.9.9')).toBe('1.9.10');
    expect(parse(editableCopy(record.bundle)).manifest).toEqual({ name: 'orders', version: '1.0.1' });
  });
});
