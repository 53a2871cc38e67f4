/** App settings stored by Grafana (`jsonData`), readable by the browser. */
export interface AppSettings {
  /** Base URL of the Switchyard sidecar, used by plugin.json routes as `{{ .JsonData.sidecarUrl }}`. */
  sidecarUrl?: string;
}

/** Write-only settings (`secureJsonData`); Grafana never returns their values to the browser. */
export interface AppSecureSettings {
  proxySecret?: string;
}
