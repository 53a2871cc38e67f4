import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager, type SceneComponentProps, type SceneObjectUrlValues } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { deferred } from '../test/fakeApi';
import { fakeVisibility } from '../test/fakeVisibility';
import { PagedListScene, PagerButtons, type ListUrlState, type LiveListOptions } from './PagedListScene';
import { firstValue, hasKey, listOf, listToUrl, optionalValue } from './urlState';

const COLOURS = ['red', 'green', 'blue'] as const;
type Colour = (typeof COLOURS)[number];

interface ThingFilters {
  colour: Colour[];
  sort: string;
  cursor?: string;
}
interface ThingPage {
  items: string[];
  nextCursor: string | null;
  prevCursor: string | null;
}

const urlState: ListUrlState<ThingFilters> = {
  keys: ['colour', 'sort', 'cursor'],
  empty: () => ({ colour: [], sort: 'name' }),
  fromUrl: (values: SceneObjectUrlValues, current: ThingFilters) => ({
    colour: hasKey(values, 'colour') ? listOf(values.colour, COLOURS) : current.colour,
    sort: hasKey(values, 'sort') ? firstValue(values.sort) || 'name' : current.sort,
    cursor: hasKey(values, 'cursor') ? optionalValue(values.cursor) : current.cursor,
  }),
  toUrl: (f) => ({ colour: listToUrl(f.colour), sort: f.sort === 'name' ? null : f.sort, cursor: f.cursor ?? null }),
};

class ThingsScene extends PagedListScene<ThingFilters, ThingPage> {
  static Component = ({ model }: SceneComponentProps<ThingsScene>) => (
    <PagerButtons list={model} prevTestId="prev" nextTestId="next" />
  );
  constructor(
    readonly fetch: jest.Mock<Promise<ThingPage>, [ThingFilters]>,
    live: LiveListOptions = {}
  ) {
    super({ filters: urlState.empty(), loading: true }, urlState, live);
  }
  protected fetchPage(filters: ThingFilters) {
    return this.fetch(filters);
  }
  protected override keptOnClear() {
    return { sort: this.state.filters.sort };
  }
}

const BASE = '/a/switchyard-controlplane-app/things';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));
const page = (nextCursor: string | null, prevCursor: string | null = null): ThingPage => ({
  items: ['a'],
  nextCursor,
  prevCursor,
});

function mount(url: string) {
  const fetch = jest.fn<Promise<ThingPage>, [ThingFilters]>().mockResolvedValue(page('c2'));
  const scene = new ThingsScene(fetch);
  locationService.push(url);
  new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { scene, fetch, deactivate };
}

describe('PagedListScene', () => {
  it('settled() resolves once the first page, or its error, is shown', async () => {
    const answer = deferred<ThingPage>();
    const fetch = jest.fn<Promise<ThingPage>, [ThingFilters]>().mockReturnValue(answer.promise);
    const scene = new ThingsScene(fetch);
    const deactivate = scene.activate();
    let settled = false;
    const done = scene.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    answer.reject(new Error('sidecar down'));
    await done;
    expect(scene.state.loading).toBe(false);
    expect(scene.state.error).toBeDefined();
    await expect(scene.settled()).resolves.toBeUndefined();
    deactivate();
  });

  it('reads filters, sort and cursor from the URL, keeping only known values, and fetches that page', async () => {
    const { scene, fetch, deactivate } = mount(`${BASE}?colour=blue,purple,red&sort=-age&cursor=c9`);
    expect(scene.state.filters).toEqual({ colour: ['red', 'blue'], sort: '-age', cursor: 'c9' });
    await waitFor(() =>
      expect(fetch).toHaveBeenLastCalledWith({ colour: ['red', 'blue'], sort: '-age', cursor: 'c9' })
    );
    deactivate();
  });

  it('writes filter changes to the URL, back to the first page; clear keeps the sort; the URL round-trips', async () => {
    const { scene, deactivate } = mount(`${BASE}?sort=-age&cursor=c9`);
    scene.setFilters({ colour: ['green'] });
    expect(search()).toEqual({ colour: 'green', sort: '-age' });
    scene.clearFilters();
    expect(search()).toEqual({ sort: '-age' });
    const filters = urlState.fromUrl(
      urlState.toUrl({ colour: ['blue', 'red'], sort: 'age', cursor: 'x' }),
      urlState.empty()
    );
    expect(filters).toEqual({ colour: ['red', 'blue'], sort: 'age', cursor: 'x' });
    deactivate();
  });

  it('pages with cursors in the URL; a null previous cursor means the first page', async () => {
    const { scene, fetch, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.page?.nextCursor).toBe('c2'));
    fetch.mockResolvedValueOnce(page('c3', null));
    scene.nextPage();
    expect(search()).toEqual({ cursor: 'c2' });
    await waitFor(() => expect(scene.state.loading).toBe(false));
    scene.prevPage();
    expect(search()).toEqual({});
    deactivate();
  });

  it('Previous and Next are disabled while a page loads, and only the latest answer is applied', async () => {
    const { scene, fetch, deactivate } = mount(`${BASE}?cursor=c1`);
    await waitFor(() => expect(scene.state.loading).toBe(false));
    render(<scene.Component model={scene} />);
    expect(screen.getByTestId('prev')).toBeEnabled();
    expect(screen.getByTestId('next')).toBeEnabled();
    const slow = deferred<ThingPage>();
    const fast = deferred<ThingPage>();
    fetch.mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);
    act(() => scene.nextPage());
    expect(screen.getByTestId('prev')).toBeDisabled();
    expect(screen.getByTestId('next')).toBeDisabled();
    act(() => scene.setFilters({ colour: ['red'] }));
    await act(async () => fast.resolve(page(null, null)));
    await act(async () => slow.resolve(page('stale', 'stale')));
    expect(scene.state.page?.nextCursor).toBeNull();
    expect(screen.getByTestId('prev')).toBeDisabled();
    expect(screen.getByTestId('next')).toBeDisabled();
    deactivate();
  });
});

describe('PagedListScene: live refresh', () => {
  class LiveThings extends ThingsScene {}
  afterEach(() => jest.useRealTimers());

  /** A live list shown with its first page loaded. */
  async function shown() {
    const fetch = jest.fn<Promise<ThingPage>, [ThingFilters]>().mockResolvedValue(page(null));
    const scene = new LiveThings(fetch);
    const deactivate = scene.activate();
    await waitFor(() => expect(scene.state.loading).toBe(false));
    return { scene, fetch, deactivate };
  }

  it('refreshes the page shown on the interval from the URL, without a loading state, paused while the tab is hidden', async () => {
    jest.useFakeTimers();
    const fetch = jest.fn<Promise<ThingPage>, [ThingFilters]>().mockResolvedValue(page(null));
    const tab = fakeVisibility();
    const scene = new LiveThings(fetch, { visibility: tab.v });
    locationService.push(`${BASE}?refresh=10s&colour=red`);
    new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    await jest.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    const loading: boolean[] = [];
    const sub = scene.subscribeToState((s) => loading.push(s.loading));
    await jest.advanceTimersByTimeAsync(9_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenLastCalledWith({ colour: ['red'], sort: 'name', cursor: undefined });
    expect(loading.length).toBeGreaterThan(0);
    expect(loading.every((l) => l === false)).toBe(true);

    tab.set(true);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    tab.set(false);
    await jest.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(3);

    scene.setRefresh('30s');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(fetch).toHaveBeenCalledTimes(4);
    sub.unsubscribe();
    deactivate();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('a background answer that arrives after the list is hidden is dropped', async () => {
    const { scene, fetch, deactivate } = await shown();
    const late = deferred<ThingPage>();
    fetch.mockReturnValueOnce(late.promise);
    const background = scene.refreshInBackground();
    deactivate();
    late.resolve({ items: ['late'], nextCursor: null, prevCursor: null });
    await expect(background).resolves.toBe(true);
    expect(scene.state.page?.items).toEqual(['a']);
  });

  it('keeps the interval in the URL (default left out) and follows it from a shared URL', async () => {
    const fetch = jest.fn<Promise<ThingPage>, [ThingFilters]>().mockResolvedValue(page(null));
    const scene = new LiveThings(fetch);
    locationService.push(`${BASE}?refresh=30s`);
    const urlSync = new UrlSyncManager();
    urlSync.initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    expect(scene.state.refresh).toBe('30s');
    scene.setRefresh('off');
    expect(search()).toEqual({});
    scene.setRefresh('10s');
    expect(search()).toEqual({ refresh: '10s' });
    deactivate();
  });

  it('a background refresh swaps in the new page without a loading state; a failure keeps the page', async () => {
    const { scene, fetch, deactivate } = await shown();
    const next = deferred<ThingPage>();
    fetch.mockReturnValueOnce(next.promise);
    const states: boolean[] = [];
    const sub = scene.subscribeToState((s) => states.push(s.loading));
    const done = scene.refreshInBackground();
    next.resolve({ items: ['b'], nextCursor: null, prevCursor: null });
    await expect(done).resolves.toBe(true);
    expect(scene.state.page?.items).toEqual(['b']);
    expect(states.every((l) => l === false)).toBe(true);

    fetch.mockRejectedValueOnce(new Error('sidecar down'));
    await expect(scene.refreshInBackground()).resolves.toBe(false);
    expect(scene.state.page?.items).toEqual(['b']);
    expect(scene.state.error).toBeUndefined();
    expect(scene.state.refreshFailures).toBe(1);
    sub.unsubscribe();
    deactivate();
  });

  it('a load the user asks for wins over a background refresh still in flight', async () => {
    const { scene, fetch, deactivate } = await shown();
    const slow = deferred<ThingPage>();
    fetch.mockReturnValueOnce(slow.promise);
    const background = scene.refreshInBackground();
    fetch.mockResolvedValueOnce({ items: ['filtered'], nextCursor: null, prevCursor: null });
    scene.setFilters({ colour: ['red'] });
    await waitFor(() => expect(scene.state.page?.items).toEqual(['filtered']));
    slow.resolve({ items: ['stale'], nextCursor: null, prevCursor: null });
    await background;
    expect(scene.state.page?.items).toEqual(['filtered']);
    deactivate();
  });
});
