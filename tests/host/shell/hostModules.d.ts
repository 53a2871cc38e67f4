/** Build-time aliases resolved by tests/host/build.ts. */
declare module 'host:plugin-page-module' {
  export function setPluginPage(component: unknown): void;
}
declare module 'host:shared-modules' {
  export function registerSharedModules(): void;
  export const SHARED_NAMES: string[];
}
declare module 'host:scenes-graph' {
  export { sceneGraph } from '@grafana/scenes';
}
