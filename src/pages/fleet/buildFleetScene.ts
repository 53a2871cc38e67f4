import { FleetScene } from './FleetScene';

/** Body of the fleet page; loaded lazily (its own chunk) by fleetPage. */
export function buildFleetScene(): FleetScene {
  return new FleetScene();
}
