import { prefetch, takePrefetched, urlValues } from './prefetch';

describe('prefetch', () => {
  it('hands the answer over once, for the same key only', async () => {
    const request = jest.fn(() => Promise.resolve('page 1'));
    prefetch('list?limit=50', request, 1_000);
    expect(request).toHaveBeenCalledTimes(1);
    expect(takePrefetched('list?limit=10', 1_100)).toBeUndefined();
    // A miss on another key does not drop this one.
    prefetch('list?limit=50', request, 1_000);
    await expect(takePrefetched('list?limit=50', 1_200)).resolves.toBe('page 1');
    expect(takePrefetched('list?limit=50', 1_300)).toBeUndefined();
  });

  it('drops an answer older than a few seconds (the page asks again)', () => {
    prefetch('k', () => Promise.resolve(1), 0);
    expect(takePrefetched('k', 5_001)).toBeUndefined();
  });

  it('a failure nobody takes is not an unhandled rejection; the taker sees it', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    prefetch('gone', () => Promise.reject(new Error('down')), 0);
    prefetch('taken', () => Promise.reject(new Error('down')), 0);
    await expect(takePrefetched('taken', 1)).rejects.toThrow('down');
    await new Promise((r) => setTimeout(r, 0));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('reads the URL values of the given keys as Scenes does (first value, absent keys left out)', () => {
    expect(urlValues('?status=active&status=x&q=&other=1', ['q', 'status', 'sort'])).toEqual({
      q: '',
      status: 'active',
    });
  });
});
