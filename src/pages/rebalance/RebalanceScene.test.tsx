import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import type { PlacementApi } from '../../api/placementApi';
import { RebalanceScene } from './RebalanceScene';

const BASE = '/a/switchyard-controlplane-app/placement/rebalance';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function setup(url: string) {
  const api = {
    listShards: jest.fn(),
    getTenantPlacement: jest.fn(),
    previewRebalance: jest.fn().mockResolvedValue({ target: 0.7, feasible: true, moves: [], shards: [], unresolved: [], lowerBound: 0, truncated: false, generatedAt: '2026-01-01T00:00:00.000Z' }),
  } as unknown as jest.Mocked<PlacementApi>;
  const scene = new RebalanceScene({}, api);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { api, scene, deactivate };
}

describe('RebalanceScene', () => {
  it('reads target and kind from the URL and previews with the target as a fraction', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?target=70&kind=runner`);
    expect(scene.state.target).toBe(70);
    expect(scene.state.kind).toBe('runner');
    await scene.preview();
    expect(api.previewRebalance).toHaveBeenCalledWith({ target: 0.7, kind: 'runner' });
    expect(scene.state.plan?.feasible).toBe(true);
    deactivate();
  });

  it('writes changes to the URL and drops a stale plan; ignores an out-of-range target', async () => {
    const { scene, deactivate } = setup(`${BASE}?target=999`);
    expect(scene.state.target).toBe(80);
    await scene.preview();
    scene.setTarget(65);
    expect(search()).toEqual({ target: '65' });
    expect(scene.state.plan).toBeUndefined();
    scene.setKind('gateway');
    expect(search()).toEqual({ target: '65', kind: 'gateway' });
    deactivate();
  });
});
