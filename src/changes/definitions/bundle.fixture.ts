/** A small valid bundle for the definitions tests (test support only). */
import { DefinitionBundleSchema, type DefinitionBundle } from '../../contract';

export function orderBundle(version = '1.0.0'): DefinitionBundle {
  return DefinitionBundleSchema.parse({
    manifest: { name: 'orders', version },
    aggregates: [
      { name: 'Order', commands: ['PlaceOrder', 'CancelOrder'], events: ['OrderPlaced', 'OrderCancelled'] },
      { name: 'Payment', commands: ['Capture'], events: ['PaymentCaptured'] },
    ],
    projections: [{ name: 'OrderList', consumes: ['OrderPlaced', 'OrderCancelled'] }],
    sagas: [{ name: 'Checkout', triggers: ['OrderPlaced'], issues: ['Capture'], effects: ['receipt'] }],
    effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 5000 }],
    tenantOverridesAllowed: true,
  });
}
