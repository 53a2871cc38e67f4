import { config } from '@grafana/runtime';
import { formatTimeAgo, formatTimestamp, userTimeZone } from './timestamps';

const AT = '2026-03-04T05:06:07.000Z';

describe('timestamps', () => {
  const original = config.bootData.user.timezone;
  afterEach(() => {
    config.bootData.user.timezone = original;
  });

  it('formats in the user time zone with Grafana’s date format', () => {
    config.bootData.user.timezone = 'utc';
    expect(userTimeZone()).toBe('utc');
    expect(formatTimestamp(AT)).toBe('2026-03-04 05:06:07');
    config.bootData.user.timezone = 'Asia/Tokyo';
    expect(formatTimestamp(AT)).toBe('2026-03-04 14:06:07');
  });

  it('says so when there is no time', () => {
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp(undefined, 'not yet')).toBe('not yet');
    expect(formatTimeAgo(null)).toBe('never');
  });

  it('relative times count from the given now', () => {
    const now = Date.parse(AT) + 5 * 60_000;
    expect(formatTimeAgo(AT, 'never', now)).toBe('5 minutes ago');
    expect(formatTimeAgo(AT, 'never', Date.parse(AT) + 3 * 3_600_000)).toBe('3 hours ago');
  });
});
