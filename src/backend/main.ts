/**
 * The data source's backend executable (`gpx_switchyard-controlplane-datasource_<os>_<arch>`):
 * Grafana launches it, `serve` speaks go-plugin and Grafana's plugin protocol, and the Switchyard
 * handlers answer queries, health checks and resources from the sidecar's read API.
 */
import { serve } from './plugin/serve';
import { createSwitchyardHandlers } from './queries';

void serve(createSwitchyardHandlers(process.env));
