/**
 * Stable `data-testid`s for unit tests and browser e2e specs. Change them only together with
 * the specs that use them (tests/e2e, tests/host).
 */
export const testIds = {
  app: {
    errorBoundary: 'switchyard-error-boundary',
    noAccess: 'switchyard-no-access',
    pageLoading: 'switchyard-page-loading',
  },
  config: {
    form: 'switchyard-config-form',
    sidecarUrl: 'switchyard-config-sidecar-url',
    proxySecret: 'switchyard-config-proxy-secret',
    proxySecretState: 'switchyard-config-proxy-secret-state',
    proxySecretReset: 'switchyard-config-proxy-secret-reset',
    save: 'switchyard-config-save',
  },
  tenants: {
    list: 'tenants-list',
    search: 'tenants-search',
    filterStatus: 'tenants-filter-status',
    filterEnvironment: 'tenants-filter-environment',
    filterPlan: 'tenants-filter-plan',
    filterLabel: 'tenants-filter-label',
    clearFilters: 'tenants-clear-filters',
    table: 'tenants-table',
    /** One per row: `tenants-row` with `data-tenant-id`. */
    row: 'tenants-row',
    rowCheckbox: 'tenants-row-checkbox',
    selectAll: 'tenants-select-all',
    rowLink: 'tenants-row-link',
    rowActions: 'tenants-row-actions',
    sortPrefix: 'tenants-sort-',
    prevPage: 'tenants-prev-page',
    nextPage: 'tenants-next-page',
    bulkBar: 'tenants-bulk-bar',
    bulkStatus: 'tenants-bulk-status',
    bulkSubmit: 'tenants-bulk-submit',
    bulkResult: 'tenants-bulk-result',
    empty: 'tenants-empty',
    loading: 'tenants-loading',
  },
  tenant: {
    overview: 'tenant-overview',
    transitionPrefix: 'tenant-transition-',
    activity: 'tenant-activity',
    activityRow: 'tenant-activity-row',
    activityPrev: 'tenant-activity-prev',
    activityNext: 'tenant-activity-next',
  },
  isolation: {
    page: 'isolation-page',
    notConfigured: 'isolation-not-configured',
    /** One per verdict: `isolation-count` with `data-verdict`; clicking filters by it. */
    count: 'isolation-count',
    filterCheck: 'isolation-filter-check',
    filterEnvironment: 'isolation-filter-environment',
    clearFilters: 'isolation-clear-filters',
    lastRefresh: 'isolation-last-refresh',
    table: 'isolation-table',
    /** One per row: `isolation-row` with `data-tenant-id`, `data-verdict` and `data-environment`. */
    row: 'isolation-row',
    rowLink: 'isolation-row-link',
    reprobe: 'isolation-reprobe',
    prevPage: 'isolation-prev-page',
    nextPage: 'isolation-next-page',
    empty: 'isolation-empty',
    verdictBadge: 'isolation-verdict',
    checkResult: 'isolation-check-result',
    /** Tenant → Isolation tab. */
    tab: 'tenant-isolation',
    /** One per check: `tenant-isolation-check` with `data-check` and `data-result`. */
    check: 'tenant-isolation-check',
    namingWarning: 'tenant-isolation-naming-warning',
    history: 'tenant-isolation-history',
    historyRow: 'tenant-isolation-history-row',
    probedAt: 'tenant-isolation-probed-at',
  },
  statusBadge: 'status-badge',
  reasonModal: {
    dialog: 'reason-modal',
    input: 'reason-modal-input',
    submit: 'reason-modal-submit',
    cancel: 'reason-modal-cancel',
    error: 'reason-modal-error',
  },
  apiError: {
    alert: 'api-error',
    requestId: 'api-error-request-id',
  },
  permissionReason: 'permission-reason',
  /**
   * The shared action flow (ActionFlowScene: plan → preflight → reason → run → job page) and the
   * run-an-action bar of tenant pages. The drawer carries `data-action` (drain, migrate, cordon, rebalance, …).
   */
  runAction: {
    bar: 'run-action-bar',
    /** One per action: `run-action-drain`, `run-action-restart`, … */
    actionPrefix: 'run-action-',
    drawer: 'run-action-drawer',
    loading: 'run-action-loading',
    preflight: 'run-action-preflight',
    /** One per preflight check, with `data-ok`. */
    check: 'run-action-check',
    steps: 'run-action-steps',
    diff: 'run-action-diff',
    blocked: 'run-action-blocked',
    approvalNotice: 'run-action-approval-notice',
    run: 'run-action-run',
    close: 'run-action-close',
    error: 'run-action-error',
  },
  operations: {
    hub: 'operations-hub',
    filterEnvironment: 'operations-filter-environment',
    filterType: 'operations-filter-type',
    filterStatus: 'operations-filter-status',
    filterTenant: 'operations-filter-tenant',
    clearFilters: 'operations-clear-filters',
    jobsTable: 'operations-jobs-table',
    /** One per job, with `data-job-id` and `data-status`. */
    jobRow: 'operations-job-row',
    jobLink: 'operations-job-link',
    prevPage: 'operations-prev-page',
    nextPage: 'operations-next-page',
    empty: 'operations-empty',
    health: 'operations-health',
    healthState: 'operations-health-state',
    /** Rows with `data-name` and `data-state`. */
    deploymentRow: 'operations-deployment-row',
    cronRow: 'operations-cron-row',
    podRow: 'operations-pod-row',
    restartPrefix: 'operations-restart-',
    alerts: 'operations-alerts',
    /** One per alert, with `data-fingerprint` and `data-status`. */
    alertRow: 'operations-alert-row',
    alertAction: 'operations-alert-action',
    alertAcknowledge: 'operations-alert-acknowledge',
    alertSilence: 'operations-alert-silence',
    alertUnsilence: 'operations-alert-unsilence',
    alertSilenceDuration: 'operations-alert-silence-duration',
    alertState: 'operations-alert-state',
    alertRuleLink: 'operations-alert-rule-link',
    alertPanelLink: 'operations-alert-panel-link',
    silencesNotice: 'operations-silences-notice',
  },
  job: {
    detail: 'job-detail',
    status: 'job-status',
    /** One per step, with `data-status`. */
    step: 'job-step',
    cancel: 'job-cancel',
    retry: 'job-retry',
    podsLink: 'job-pods-link',
    logsLink: 'job-logs-link',
    approve: 'job-approve',
    approval: 'job-approval',
    failure: 'job-failure',
    audit: 'job-audit',
    auditRow: 'job-audit-row',
  },
  placement: {
    fleet: 'placement-fleet',
    /** One per service kind: `placement-fleet-tab-gateway`, … */
    fleetTabPrefix: 'placement-fleet-tab-',
    fleetNext: 'placement-fleet-next',
    loadError: 'placement-fleet-load-error',
    shards: 'placement-shards',
    /** One per shard, with `data-shard`. */
    shardRow: 'placement-shard-row',
    rebalance: 'placement-rebalance',
    rebalancePreview: 'placement-rebalance-preview',
    rebalanceApply: 'placement-rebalance-apply',
    rebalanceSummary: 'placement-rebalance-summary',
    rebalanceShards: 'placement-rebalance-shards',
    rebalanceMoves: 'placement-rebalance-moves',
    rebalanceMove: 'placement-rebalance-move',
    /** Tenant → Placement tab. */
    tenantPlacement: 'tenant-placement',
    /** One per service kind, with `data-kind`. */
    tenantPlacementRow: 'tenant-placement-row',
    tenantPlacementMigrate: 'tenant-placement-migrate',
  },
  overview: {
    page: 'overview',
    /** Links with `data-status` / `data-environment`. */
    statusCount: 'overview-status-count',
    environmentCount: 'overview-environment-count',
    deployments: 'overview-deployments',
    uptime: 'overview-uptime',
    uptimeRow: 'overview-uptime-row',
    failedJobs: 'overview-failed-jobs',
    firingAlerts: 'overview-firing-alerts',
    fleetTraffic: 'overview-fleet-traffic',
  },
  panels: {
    /** One per observed panel, with `data-panel-title` and `data-view` (loading, error, empty, data). */
    panel: 'observed-panel',
    /** Tenant → Observability tab. */
    tenantObservability: 'tenant-observability',
    /** Links to the provisioned dashboards, with `data-dashboard-uid`. */
    dashboardLink: 'dashboard-link',
  },
} as const;
