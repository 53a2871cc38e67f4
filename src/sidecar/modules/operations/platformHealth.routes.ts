/** `GET /api/v1/health/platform`: the latest Kubernetes health snapshot (read in the background). */
import type { HealthService } from './health.service';
import type { RouteHandlers } from '../../kernel/registrar';

export function platformHealthRoutes(health: HealthService): RouteHandlers {
  return {
    getPlatformHealth: async () => health.snapshot(),
  };
}
