import { ApiRequestError } from '../../api/ApiRequestError';
import { tenant } from '../../test/fixtures';
import { TenantPresence } from './TenantPresence';

describe('TenantPresence', () => {
  it('reads a found tenant once for every tab, and hands its record to the first tab only', async () => {
    const acme = tenant({ id: 'acme' });
    const getTenant = jest.fn().mockResolvedValue(acme);
    const presence = new TenantPresence('acme', { getTenant });
    const first = await presence.check();
    const second = await presence.check();
    expect(getTenant).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ kind: 'found', tenant: acme });
    expect(presence.take(first)).toBe(acme);
    // A tab built later reads the tenant as it is then, not this (by now possibly stale) record.
    expect(presence.take(second)).toBeUndefined();
  });

  it('asks again after "missing" (the tenant may have been created since) and hands no record', async () => {
    const getTenant = jest
      .fn()
      .mockRejectedValueOnce(new ApiRequestError({ status: 404, code: 'not_found', message: 'no such tenant' }))
      .mockResolvedValueOnce(tenant({ id: 'acme' }));
    const presence = new TenantPresence('acme', { getTenant });
    const missing = await presence.check();
    expect(missing).toEqual({ kind: 'missing' });
    expect(presence.take(missing)).toBeUndefined();
    expect((await presence.check()).kind).toBe('found');
    expect(getTenant).toHaveBeenCalledTimes(2);
  });

  it('any other failure is inconclusive: the tab reads and reports it itself', async () => {
    const getTenant = jest
      .fn()
      .mockRejectedValue(new ApiRequestError({ status: 503, code: 'unavailable', message: 'down' }));
    const presence = new TenantPresence('acme', { getTenant });
    const answer = await presence.check();
    expect(answer).toEqual({ kind: 'unknown' });
    expect(presence.take(answer)).toBeUndefined();
  });
});
