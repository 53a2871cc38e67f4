import { BusEventWithPayload } from '@grafana/data';

/** Tenants changed (status change, bulk change): lists and detail views reload. Bubbles up the scene. */
export class EventTenantsChanged extends BusEventWithPayload<{ ids: string[] }> {
  static type = 'switchyard-tenants-changed';
}
