import { ApiRequestError } from '../api/ApiRequestError';
import { deferred } from '../test/fakeApi';
import { LatestRequest, RequestSequence, type LoadState } from './latestRequest';

const unavailable = () => new ApiRequestError({ status: 503, code: 'unavailable', message: 'down', requestId: 'r-1' });

describe('RequestSequence.run', () => {
  it('applies only the latest answer or error; a superseded one still resolves whether it succeeded', async () => {
    const requests = new RequestSequence();
    const answers: string[] = [];
    const errors: string[] = [];
    const onAnswer = (v: string) => answers.push(v);
    const onError = (e: ApiRequestError) => errors.push(e.code);
    const slow = deferred<string>();
    const failing = deferred<string>();
    const first = requests.run(() => slow.promise, onAnswer, onError);
    const second = requests.run(() => failing.promise, onAnswer, onError);
    const third = requests.run(() => Promise.resolve('third'), onAnswer, onError);
    await expect(third).resolves.toBe(true);
    slow.resolve('first');
    failing.reject(unavailable());
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(false);
    expect([answers, errors]).toEqual([['third'], []]);
  });

  it('after cancel nothing in flight is applied; the next request is', async () => {
    const requests = new RequestSequence();
    const answers: string[] = [];
    const late = deferred<string>();
    const inFlight = requests.run(
      () => late.promise,
      (v) => answers.push(v),
      () => undefined
    );
    requests.cancel();
    late.resolve('late');
    await inFlight;
    expect(answers).toEqual([]);
    await requests.run(
      () => Promise.resolve('next'),
      (v) => answers.push(v),
      () => undefined
    );
    expect(answers).toEqual(['next']);
  });
});

describe('LatestRequest', () => {
  it('loading while the latest request runs, the error of the latest failure, none of a superseded one', async () => {
    let state: LoadState & { value?: string } = { loading: false };
    const request = new LatestRequest((patch) => (state = { ...state, ...patch }));
    const superseded = deferred<string>();
    const first = request.run(
      () => superseded.promise,
      (value) => (state = { ...state, value, loading: false })
    );
    expect(state.loading).toBe(true);
    const failing = deferred<string>();
    const second = request.run(
      () => failing.promise,
      (value) => (state = { ...state, value, loading: false })
    );
    failing.reject(unavailable());
    await second;
    expect([state.loading, state.error?.code]).toEqual([false, 'unavailable']);
    superseded.resolve('stale');
    await first;
    expect(state.value).toBeUndefined();
    await request.run(
      () => Promise.resolve('fresh'),
      (value) => (state = { ...state, value, loading: false })
    );
    expect([state.loading, state.error, state.value]).toEqual([false, undefined, 'fresh']);
  });
});
