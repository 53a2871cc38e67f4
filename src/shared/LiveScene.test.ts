import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager, type SceneObjectUrlValues } from '@grafana/scenes';
import { waitFor } from '@testing-library/react';
import { LiveScene, type LiveSceneState, type SceneUrlState } from './LiveScene';
import { optionalValue } from './urlState';

interface Filters {
  team?: string;
  item?: string;
}

const FILTERS: SceneUrlState<Filters> = {
  keys: ['team', 'item'],
  fromUrl: (v: SceneObjectUrlValues) => ({ team: optionalValue(v.team), item: optionalValue(v.item) }),
  toUrl: (f) => ({ team: f.team ?? null, item: f.item ?? null }),
};

interface TestState extends LiveSceneState, Filters {
  rows?: string[];
  error?: string;
}

/** A page-like scene: its filters in the URL, a list load, and a follow-up reload while something runs. */
class TestScene extends LiveScene<TestState, Filters> {
  readonly changes: Array<[Filters, Filters]> = [];

  constructor(private readonly fetch: jest.Mock<Promise<string[]>, [string | undefined]>) {
    super({ refresh: 'off', refreshFailures: 0 }, 'refresh', 'off', FILTERS);
  }

  load = () =>
    this.loadLatest(
      () => this.fetch(this.state.team),
      (rows) => ({ rows, error: undefined }),
      (e) => ({ error: e.message })
    );

  protected override urlChanged(prev: Filters, next: Filters) {
    this.changes.push([prev, next]);
    if (prev.team !== next.team) void this.load();
  }

  pickTeam = (team: string) => {
    this.navigate({ team });
    void this.load();
  };

  follow = (ms: number) => this.reloadIn(ms);
}

const BASE = '/a/switchyard-controlplane-app/test';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function setup(url: string, fetch = jest.fn<Promise<string[]>, [string | undefined]>().mockResolvedValue(['a'])) {
  const scene = new TestScene(fetch);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  /** Back/forward or a link: the location changes and the scenes follow it. */
  const go = (patch: Record<string, string>) => {
    locationService.partial(patch);
    urlSync.handleNewLocation(locationService.getLocation());
  };
  return { scene, fetch, deactivate, go };
}

describe('LiveScene with URL state', () => {
  afterEach(() => jest.useRealTimers());

  it('reads its filters and refresh interval from the URL and loads once shown', async () => {
    const { scene, fetch, deactivate } = setup(`${BASE}?team=core&item=x1&refresh=30s`);
    expect([scene.state.team, scene.state.item, scene.state.refresh]).toEqual(['core', 'x1', '30s']);
    await waitFor(() => expect(scene.state.rows).toEqual(['a']));
    expect(fetch).toHaveBeenCalledWith('core');
    deactivate();
  });

  it('a user change is a history entry; the default interval stays out of the URL', () => {
    const { scene, deactivate } = setup(BASE);
    scene.pickTeam('edge');
    expect(search()).toEqual({ team: 'edge' });
    scene.setRefresh('10s');
    expect(search()).toEqual({ team: 'edge', refresh: '10s' });
    scene.setRefresh('off');
    expect(search()).toEqual({ team: 'edge' });
    deactivate();
  });

  it('back/forward that changes one key keeps the others and hands both states to urlChanged', async () => {
    const { scene, fetch, deactivate, go } = setup(`${BASE}?team=core&item=x1`);
    go({ item: 'x2' });
    expect([scene.state.team, scene.state.item]).toEqual(['core', 'x2']);
    expect(scene.changes).toEqual([[expect.objectContaining({ item: 'x1' }), { team: 'core', item: 'x2' }]]);
    go({ team: 'edge' });
    await waitFor(() => expect(fetch).toHaveBeenLastCalledWith('edge'));
    expect(scene.state.item).toBe('x2');
    deactivate();
  });

  it('applies only the latest answer, and none after it is hidden', async () => {
    let answerFirst: (rows: string[]) => void = () => undefined;
    let answerLate: (rows: string[]) => void = () => undefined;
    const fetch = jest
      .fn<Promise<string[]>, [string | undefined]>()
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(['second'])
      .mockReturnValueOnce(new Promise((resolve) => (answerLate = resolve)));
    const { scene, deactivate } = setup(BASE, fetch);
    await scene.load();
    answerFirst(['first']);
    await Promise.resolve();
    expect(scene.state.rows).toEqual(['second']);
    const late = scene.load();
    deactivate();
    answerLate(['late']);
    await late;
    expect(scene.state.rows).toEqual(['second']);
  });

  it('counts failed loads for the back-off and resets the count on success', async () => {
    const fetch = jest.fn<Promise<string[]>, [string | undefined]>().mockRejectedValue(new Error('down'));
    const { scene, deactivate } = setup(BASE, fetch);
    await waitFor(() => expect(scene.state.error).toBeDefined());
    expect(await scene.load()).toBe(false);
    expect(scene.state.refreshFailures).toBe(2);
    fetch.mockResolvedValue(['back']);
    expect(await scene.load()).toBe(true);
    expect([scene.state.refreshFailures, scene.state.rows, scene.state.error]).toEqual([0, ['back'], undefined]);
    deactivate();
  });

  it('refreshes on the picked interval, backing off after a failure', async () => {
    jest.useFakeTimers();
    const { scene, fetch, deactivate } = setup(`${BASE}?refresh=10s`);
    await jest.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    fetch.mockRejectedValueOnce(new Error('down'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(scene.state.refreshFailures).toBe(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(scene.state.refreshFailures).toBe(0);
    deactivate();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('a follow-up reload replaces the one due and is dropped when the scene is hidden', async () => {
    jest.useFakeTimers();
    const { scene, fetch, deactivate } = setup(BASE);
    await jest.advanceTimersByTimeAsync(0);
    scene.follow(2000);
    scene.follow(2000);
    await jest.advanceTimersByTimeAsync(2000);
    expect(fetch).toHaveBeenCalledTimes(2);
    scene.follow(2000);
    deactivate();
    await jest.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(2);
    scene.follow(2000);
    await jest.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
