import { formatStepProgress, stepProgress, stepTimeBoxSeconds } from './stepProgress';

const started = { startedAt: '2026-11-23T10:00:00.000Z', finishedAt: null };
const at = (seconds: number) => Date.parse('2026-11-23T10:00:00.000Z') + seconds * 1000;

describe('stepProgress', () => {
  it('reads the time-box a step waits within from the job parameters', () => {
    const drain = { type: 'tenant.drain' as const, params: { tenantId: 'acme', drainTimeoutSeconds: 120 } };
    expect(stepTimeBoxSeconds(drain, { name: 'wait-in-flight' })).toBe(120);
    expect(stepTimeBoxSeconds(drain, { name: 'drain-shards' })).toBeUndefined();
    const migrate = { type: 'tenant.migrate' as const, params: { drainTimeoutSeconds: 60, verifySeconds: 30 } };
    expect(stepTimeBoxSeconds(migrate, { name: 'drain-source' })).toBe(60);
    expect(stepTimeBoxSeconds(migrate, { name: 'verify' })).toBe(30);
    expect(stepTimeBoxSeconds({ type: 'tenant.drain', params: {} }, { name: 'wait-in-flight' })).toBeUndefined();
  });

  it('shows a running step’s elapsed time of its time-box, and the share used', () => {
    const p = stepProgress(
      { type: 'tenant.drain', params: { drainTimeoutSeconds: 120 } },
      { name: 'wait-in-flight', ...started },
      at(13.3)
    );
    expect(p).toEqual({ elapsedSeconds: 13.3, timeBoxSeconds: 120, fraction: 13.3 / 120 });
    expect(formatStepProgress(p!, true)).toBe('13 s of 120 s');
    expect(
      stepProgress(
        { type: 'tenant.drain', params: { drainTimeoutSeconds: 10 } },
        { name: 'wait-in-flight', ...started },
        at(15)
      )?.fraction
    ).toBe(1);
  });

  it('shows only elapsed time without a time-box, and the duration once finished', () => {
    const job = { type: 'deployment.restart' as const, params: {} };
    const running = stepProgress(job, { name: 'restart', ...started }, at(13.34))!;
    expect(running.fraction).toBeUndefined();
    expect(formatStepProgress(running, true)).toBe('13.3 s');
    const done = stepProgress(job, { name: 'restart', ...started, finishedAt: '2026-11-23T10:00:02.500Z' }, at(99))!;
    expect(formatStepProgress(done, false)).toBe('2.5 s');
    expect(stepProgress(job, { name: 'restart', startedAt: null, finishedAt: null })).toBeUndefined();
  });
});
