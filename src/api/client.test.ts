import { getBackendSrv } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { tenant, tenantPage } from '../test/fixtures';
import { ApiRequestError } from './ApiRequestError';
import { callApi, clientOf, serializeQuery } from './client';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
}));

const PROXY = '/api/plugin-proxy/switchyard-controlplane-app';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fetchMock = jest.fn();

function ok(data: unknown, headers: Record<string, string> = {}) {
  return of({ data, status: 200, ok: true, headers: new Headers(headers) });
}

function fail(status: number, data: unknown, headers?: Record<string, string>) {
  return throwError(() => ({ status, data, config: {}, ...(headers ? { headers: new Headers(headers) } : {}) }));
}

function lastRequest() {
  return fetchMock.mock.calls[fetchMock.mock.calls.length - 1][0];
}

async function failureOf(p: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiRequestError);
    return e as ApiRequestError;
  }
  throw new Error('expected the call to fail');
}

beforeEach(() => {
  fetchMock.mockReset();
  (getBackendSrv as jest.Mock).mockReturnValue({ fetch: fetchMock });
});

describe('callApi: requests', () => {
  it('builds the proxy URL and the query from the contract, without alerts or idempotency key', async () => {
    fetchMock.mockReturnValue(ok(tenantPage([tenant()])));
    const page = await callApi('listTenants', {
      query: { q: 'ac', status: ['active', 'degraded'], limit: 20, cursor: undefined },
    });

    expect(page.items[0].id).toBe('acme');
    const req = lastRequest();
    expect(req.method).toBe('GET');
    expect(req.showErrorAlert).toBe(false);
    expect(Object.keys(req.headers)).toEqual(['X-Request-Id']);
    const url = new URL(req.url, 'http://grafana');
    expect(url.pathname).toBe(`${PROXY}/api/v1/tenants`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'ac', status: 'active,degraded', limit: '20' });
  });

  it('fills and encodes path parameters', async () => {
    fetchMock.mockReturnValue(ok(tenant({ id: 'a-b' })));
    await callApi('getTenant', { params: { id: 'a-b' } });
    expect(lastRequest().url).toBe(`${PROXY}/api/v1/tenants/a-b`);
  });

  it('sends a fresh Idempotency-Key for idempotent endpoints, or the one given for a retry', async () => {
    fetchMock.mockImplementation(() => ok(tenant()));
    const body = {
      id: 'acme',
      displayName: 'Acme',
      plan: 'team',
      environment: 'dev',
      organizationId: tenant().organizationId,
      applicationId: tenant().applicationId,
    } as const;
    await callApi('createTenant', { body });
    const first = lastRequest().headers['Idempotency-Key'];
    await callApi('createTenant', { body });
    const second = lastRequest().headers['Idempotency-Key'];
    await callApi('createTenant', { body, idempotencyKey: first });

    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
    expect(lastRequest().headers['Idempotency-Key']).toBe(first);
  });

  it('sends If-Match with the quoted version for versioned endpoints', async () => {
    fetchMock.mockReturnValue(ok(tenant({ version: 4 })));
    await callApi('updateTenant', { params: { id: 'acme' }, body: { displayName: 'New' }, ifMatch: 3 });
    expect(lastRequest().method).toBe('PATCH');
    expect(lastRequest().headers['If-Match']).toBe('"3"');
  });

  it('refuses a versioned call without a version, before sending anything', async () => {
    const err = await failureOf(callApi('updateTenant', { params: { id: 'acme' }, body: { displayName: 'New' } }));
    expect(err.code).toBe('precondition_required');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('validates the body with the contract and names the field', async () => {
    const err = await failureOf(
      callApi('changeTenantStatus', { params: { id: 'acme' }, body: { to: 'active', reason: 'ab' } })
    );
    expect(err).toMatchObject({ status: 400, code: 'validation_failed', field: 'reason' });
    expect(err.message).toMatch(/at least 3 characters/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends the parsed body (reason trimmed)', async () => {
    fetchMock.mockReturnValue(ok(tenant()));
    await callApi('changeTenantStatus', {
      params: { id: 'acme' },
      body: { to: 'suspended', reason: '  noisy neighbour  ' },
    });
    expect(lastRequest()).toMatchObject({ method: 'POST', data: { to: 'suspended', reason: 'noisy neighbour' } });
  });

  it('returns raw text for endpoints without a JSON schema (exports)', async () => {
    fetchMock.mockReturnValue(ok('{"seq":1}\n'));
    await expect(callApi('exportAudit', { query: { format: 'ndjson' } })).resolves.toBe('{"seq":1}\n');
    expect(lastRequest().responseType).toBe('text');
  });
});

describe('callApi: failures', () => {
  it('keeps the sidecar error body: code, message, field, request id and allowed states', async () => {
    fetchMock.mockReturnValue(
      fail(409, {
        code: 'illegal_transition',
        message: 'archived is final',
        requestId: 'req-9',
        details: { allowed: [] },
      })
    );
    const err = await failureOf(
      callApi('changeTenantStatus', { params: { id: 'acme' }, body: { to: 'active', reason: 'bring back' } })
    );
    expect(err).toMatchObject({
      status: 409,
      code: 'illegal_transition',
      message: 'archived is final',
      requestId: 'req-9',
    });
    expect(err.allowedStates).toEqual([]);
  });

  it('explains a proxy failure without a body and keeps the x-request-id header', async () => {
    fetchMock.mockReturnValue(fail(502, { message: 'Bad Gateway' }, { 'x-request-id': 'req-502' }));
    const err = await failureOf(callApi('listTenants', { query: {} }));
    expect(err).toMatchObject({ status: 502, code: 'sidecar_unreachable', requestId: 'req-502' });
    expect(err.message).toMatch(/Could not reach the Switchyard sidecar/);
  });

  it('maps a proxy route denial (403 without a sidecar body) to proxy_denied', async () => {
    fetchMock.mockReturnValue(fail(403, { message: 'plugin proxy route access denied' }));
    const err = await failureOf(callApi('listTenants', { query: {} }));
    const sent = fetchMock.mock.calls[0][0].headers['X-Request-Id'];
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(err).toMatchObject({ status: 403, code: 'proxy_denied', requestId: sent });
  });

  it('shows the request id it sent when the sidecar never answered (502 with an empty body)', async () => {
    fetchMock.mockReturnValue(fail(502, ''));
    const err = await failureOf(callApi('getTenant', { params: { id: 'acme' } }));
    const sent = fetchMock.mock.calls[0][0].headers['X-Request-Id'];
    expect(err).toMatchObject({ status: 502, code: 'sidecar_unreachable', requestId: sent });
  });

  it('maps an unset sidecar URL (route template failure) to not_configured', async () => {
    fetchMock.mockReturnValue(fail(500, { message: 'Could not interpolate plugin route url' }));
    const err = await failureOf(callApi('listTenants', { query: {} }));
    expect(err.code).toBe('not_configured');
    expect(err.message).toMatch(/Configuration page/);
  });

  it('maps a network failure to network_error', async () => {
    fetchMock.mockReturnValue(throwError(() => new TypeError('Failed to fetch')));
    const err = await failureOf(callApi('listTenants', { query: {} }));
    expect(err).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('rejects a response that does not match the contract', async () => {
    fetchMock.mockReturnValue(
      ok({ items: [{ id: 'acme' }], nextCursor: null, prevCursor: null }, { 'x-request-id': 'req-bad' })
    );
    const err = await failureOf(callApi('listTenants', { query: {} }));
    expect(err).toMatchObject({ code: 'invalid_response', requestId: 'req-bad' });
  });
});

describe('serializeQuery', () => {
  it('drops empty values and joins arrays with commas', () => {
    expect(serializeQuery({ a: '', b: undefined, c: [], d: ['x', 'y'], e: 0 })).toBe('?d=x%2Cy&e=0');
    expect(serializeQuery({})).toBe('');
  });
});

describe('clientOf: one module table', () => {
  it('calls and parses like callApi with only the tables it is given', async () => {
    const { tenantEndpoints } = await import('../contract/tenantEndpoints');
    const call = clientOf(tenantEndpoints);
    fetchMock.mockReturnValue(ok(tenantPage([tenant()])));
    const page = await call('listTenants', { query: { limit: 5 } });
    expect(lastRequest()).toMatchObject({ url: `${PROXY}/api/v1/tenants?limit=5`, method: 'GET' });
    expect(page.items).toHaveLength(1);
    fetchMock.mockReturnValue(ok({ items: 'not a list' }));
    expect((await failureOf(call('listTenants', { query: {} }))).code).toBe('invalid_response');
  });
});
