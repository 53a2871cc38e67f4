import type { ActionIntent } from '../../shared/ActionFlowScene';
import { Actions } from '../../contract';

/**
 * "Sync inventory…": the `inventory.sync` job through the shared plan → reason → run flow. The plan
 * is the preview (what the sync creates, updates, leaves as missing or in conflict); the run is the
 * audited job, followed on its page.
 */
export function inventorySyncIntent(): ActionIntent {
  return {
    id: 'inventory.sync',
    action: 'sync-inventory',
    title: 'Sync inventory from the platform',
    permission: Actions.placementWrite,
    runLabel: 'Sync',
    body: (reason) => ({
      type: 'inventory.sync',
      params: {},
      reason,
      source: { kind: 'page', ref: 'placement/fleet' },
    }),
  };
}
