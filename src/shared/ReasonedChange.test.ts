import { ReasonedChange, type ChangeState } from './ReasonedChange';

type Change = { kind: 'pause'; id: string };

/** A stand-in for the scene holding the change's state. */
function host() {
  const h = {
    state: { busy: false } as ChangeState<Change>,
    setState(patch: Partial<ChangeState<Change>>) {
      h.state = { ...h.state, ...patch };
    },
  };
  return h;
}

describe('ReasonedChange', () => {
  it('asks with a fresh idempotency key per intent and runs once with the reason, then reloads', async () => {
    const h = host();
    let finish: () => void = () => undefined;
    const run = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const done = jest.fn();
    const change = new ReasonedChange<Change>(h, run, done);
    const first = change.ask({ kind: 'pause', id: 'a' });
    const key = change.ask({ kind: 'pause', id: 'a' });
    expect(key).not.toBe(first);
    expect(h.state.pending).toEqual({ kind: 'pause', id: 'a', key });
    const running = change.confirm('maintenance');
    expect(h.state.busy).toBe(true);
    change.dismiss();
    await change.confirm('twice');
    expect(h.state.pending?.key).toBe(key);
    finish();
    await running;
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith({ kind: 'pause', id: 'a', key }, 'maintenance');
    expect([h.state.pending, h.state.busy, done.mock.calls.length]).toEqual([undefined, false, 1]);
  });

  it('a failure keeps the dialog open with the error and the same key for the retry; dismiss clears both', async () => {
    const h = host();
    const run = jest.fn().mockRejectedValueOnce(Object.assign(new Error('ended'), { status: 409 }));
    const done = jest.fn();
    const change = new ReasonedChange<Change>(h, run, done);
    const key = change.ask({ kind: 'pause', id: 'a' });
    await change.confirm('hold on');
    expect(h.state.pending?.key).toBe(key);
    expect(h.state.actionError).toBeDefined();
    expect([h.state.busy, done.mock.calls.length]).toEqual([false, 0]);
    change.dismiss();
    expect([h.state.pending, h.state.actionError]).toEqual([undefined, undefined]);
  });

  it('performs a change without a dialog: busy meanwhile, its failure in actionError', async () => {
    const h = host();
    const done = jest.fn();
    const change = new ReasonedChange<Change>(h, jest.fn(), done);
    await change.perform(() => Promise.reject(new Error('refused')));
    expect([h.state.busy, h.state.actionError === undefined, done.mock.calls.length]).toEqual([false, false, 0]);
    await change.perform(() => Promise.resolve());
    expect([h.state.busy, h.state.actionError, done.mock.calls.length]).toEqual([false, undefined, 1]);
  });
});
