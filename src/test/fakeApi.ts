import type { SwitchyardApi } from '../api/switchyardApi';

/** A SwitchyardApi whose every method is a jest mock; tests set the answers they need. */
export function fakeApi(): jest.Mocked<SwitchyardApi> {
  return {
    listTenants: jest.fn(),
    getTenant: jest.fn(),
    planTenantChange: jest.fn(),
    createTenant: jest.fn(),
    updateTenant: jest.fn(),
    changeTenantStatus: jest.fn(),
    bulkTenantStatus: jest.fn(),
    archiveTenant: jest.fn(),
    tenantActivity: jest.fn(),
  };
}

/** A promise plus its resolve/reject, to control when a fake request answers. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
