import { fakeVisibility } from '../test/fakeVisibility';
import { LiveRefresh, MAX_BACKOFF_MS, nextDelayMs, refreshFromUrl, refreshToUrl } from './liveRefresh';

/** Lets the refresh promise and the rescheduling after it run. */
const flush = () => Promise.resolve().then(() => Promise.resolve());

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('intervals in the URL', () => {
  it('reads known values, falls back on others, and leaves the default out of the URL', () => {
    expect(refreshFromUrl('10s', 'off')).toBe('10s');
    expect(refreshFromUrl(['1m'], 'off')).toBe('1m');
    expect(refreshFromUrl('5s', '30s')).toBe('30s');
    expect(refreshFromUrl(undefined, 'off')).toBe('off');
    expect(refreshToUrl('30s', '30s')).toBeNull();
    expect(refreshToUrl('off', '30s')).toBe('off');
  });

  it('backs off by doubling per failure, at most 5 minutes; off never schedules', () => {
    expect(nextDelayMs('10s', 0)).toBe(10_000);
    expect(nextDelayMs('10s', 1)).toBe(20_000);
    expect(nextDelayMs('10s', 3)).toBe(80_000);
    expect(nextDelayMs('10s', 9)).toBe(MAX_BACKOFF_MS);
    expect(nextDelayMs('1m', 4)).toBe(MAX_BACKOFF_MS);
    expect(nextDelayMs('off', 0)).toBeNull();
  });
});

describe('LiveRefresh', () => {
  it('refreshes on the interval while active, and stops when stopped', async () => {
    const refresh = jest.fn().mockResolvedValue(true);
    const vis = fakeVisibility();
    const live = new LiveRefresh({ interval: () => '10s', refresh, visibility: vis.v });
    const stop = live.start();
    jest.advanceTimersByTime(9_999);
    expect(refresh).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
    expect(vis.listeners.size).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('off does nothing; picking an interval starts the countdown', async () => {
    let interval: 'off' | '30s' = 'off';
    const refresh = jest.fn().mockResolvedValue(true);
    const live = new LiveRefresh({ interval: () => interval, refresh, visibility: fakeVisibility().v });
    live.start();
    jest.advanceTimersByTime(120_000);
    expect(refresh).not.toHaveBeenCalled();
    interval = '30s';
    live.reschedule();
    jest.advanceTimersByTime(30_000);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('backs off after failures and returns to the interval after a success', async () => {
    const refresh = jest
      .fn()
      .mockResolvedValueOnce(false)
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(true);
    const live = new LiveRefresh({ interval: () => '10s', refresh, visibility: fakeVisibility().v });
    live.start();
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(live.errorCount).toBe(1);
    jest.advanceTimersByTime(19_999);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    await flush();
    expect(live.errorCount).toBe(2);
    jest.advanceTimersByTime(40_000);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(live.errorCount).toBe(0);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(4);
  });

  it('pauses while the tab is hidden and refreshes once when it is shown again', async () => {
    const refresh = jest.fn().mockResolvedValue(true);
    const vis = fakeVisibility();
    const live = new LiveRefresh({ interval: () => '10s', refresh, visibility: vis.v });
    live.start();
    vis.set(true);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(refresh).not.toHaveBeenCalled();
    vis.set(false);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});
