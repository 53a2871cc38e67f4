import { nextPollDelay, POLL_ERROR_MAX_MS, POLL_IDLE_MAX_MS, POLL_MIN_MS } from './jobPolling';

describe('job page polling back-off', () => {
  it('polls fast while the job changes', () => {
    expect(nextPollDelay(undefined, 'changed')).toBe(POLL_MIN_MS);
    expect(nextPollDelay(8000, 'changed')).toBe(POLL_MIN_MS);
  });
  it('slows down by 1.5x while nothing changes, up to the idle cap', () => {
    const seq: number[] = [];
    let d: number | undefined = POLL_MIN_MS;
    for (let i = 0; i < 8; i++) {
      d = nextPollDelay(d, 'unchanged');
      seq.push(d);
    }
    expect(seq.slice(0, 3)).toEqual([1500, 2250, 3375]);
    expect(seq[seq.length - 1]).toBe(POLL_IDLE_MAX_MS);
  });
  it('doubles after errors, up to the error cap', () => {
    expect(nextPollDelay(undefined, 'error')).toBe(2000);
    expect(nextPollDelay(4000, 'error')).toBe(8000);
    expect(nextPollDelay(25_000, 'error')).toBe(POLL_ERROR_MAX_MS);
  });
});
