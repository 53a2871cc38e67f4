import { BusEventWithPayload } from '@grafana/data';

/** Tenants changed (status change, bulk change): lists and detail views reload. Bubbles up the scene. */
export class EventTenantsChanged extends BusEventWithPayload<{ ids: string[] }> {
  static type = 'switchyard-tenants-changed';
}

/** A tenant was re-probed (isolation): the posture list and the tenant's Isolation tab show the new result. Bubbles up. */
export class EventIsolationProbed extends BusEventWithPayload<{ tenantId: string }> {
  static type = 'switchyard-isolation-probed';
}
