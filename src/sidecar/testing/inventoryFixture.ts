import pino from 'pino';
import { Mutations } from '../kernel/mutations';
import { NodeAdminClient } from '../platform/nodeAdmin';
import { TenantRegistryClient } from '../platform/tenantRegistry';
import { TenantImport } from '../modules/tenants';
import { InventoryService } from '../modules/placement/inventory.service';
import { PlacementOutbox } from '../modules/placement/placementOutbox';
import { SqlPlacementStore } from '../modules/placement/sqlPlacementStore';
import type { TestApp } from './testApp';

/** Clients of the simulated platform at `simUrl` (allow-listed, 2 s timeout). */
export function simClientOptions(simUrl: string) {
  return { baseUrl: simUrl, allowedHosts: [new URL(simUrl).host], timeoutMs: 2000 };
}

/**
 * The inventory service as the app wires it, on the test app's database (SQL placement store) and
 * the simulated platform at `simUrl`; `registry` replaces the platform's tenant registry client.
 */
export function inventoryServiceFor(
  t: TestApp,
  simUrl: string,
  registry: TenantRegistryClient = new TenantRegistryClient(simClientOptions(simUrl))
): { inventory: InventoryService; store: SqlPlacementStore } {
  const mutations = new Mutations(t.database.db, pino({ level: 'silent' }), t.clock);
  const store = new SqlPlacementStore(t.database.db, t.database.kind);
  const inventory = new InventoryService(
    registry,
    new NodeAdminClient(simClientOptions(simUrl)),
    store,
    new TenantImport(t.database.db, mutations),
    t.database.db,
    mutations,
    t.clock,
    new PlacementOutbox(t.database.db, store, t.clock)
  );
  return { inventory, store };
}
