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
  /** A tenant change plan (form preview, status change flow). */
  tenantPlan: {
    view: 'tenant-plan',
    summary: 'tenant-plan-summary',
    refusal: 'tenant-plan-refusal',
    checks: 'tenant-plan-checks',
    check: 'tenant-plan-check',
    changes: 'tenant-plan-changes',
    /** One per changed field, with `data-field`. */
    change: 'tenant-plan-change',
    warnings: 'tenant-plan-warnings',
    /** One per warning, with `data-code`. */
    warning: 'tenant-plan-warning',
    targets: 'tenant-plan-targets',
    /** One per tenant of a bulk plan, with `data-tenant-id` and `data-outcome`. */
    target: 'tenant-plan-target',
    loading: 'tenant-plan-loading',
  },
  tenantForm: {
    form: 'tenant-form',
    /** Inputs carry `data-field` too; their `<Field>` shows the message naming the field. */
    fieldPrefix: 'tenant-form-field-',
    addLabel: 'tenant-form-add-label',
    addFlag: 'tenant-form-add-flag',
    addContact: 'tenant-form-add-contact',
    preview: 'tenant-form-preview',
    save: 'tenant-form-save',
    cancel: 'tenant-form-cancel',
    errorSummary: 'tenant-form-errors',
    saveError: 'tenant-form-save-error',
    conflict: 'tenant-form-conflict',
    /** One per differing field, with `data-field`. */
    conflictRow: 'tenant-form-conflict-row',
    reapply: 'tenant-form-reapply',
    loading: 'tenant-form-loading',
    createLink: 'tenants-create',
    editLink: 'tenant-edit',
  },
  refreshPicker: 'list-refresh-picker',
  tenant: {
    overview: 'tenant-overview',
    transitionPrefix: 'tenant-transition-',
    activity: 'tenant-activity',
    activityRow: 'tenant-activity-row',
    activityPrev: 'tenant-activity-prev',
    activityNext: 'tenant-activity-next',
    activityAuditLink: 'tenant-activity-audit-link',
  },
  audit: {
    page: 'audit-page',
    filterActor: 'audit-filter-actor',
    filterAction: 'audit-filter-action',
    filterTenant: 'audit-filter-tenant',
    filterJob: 'audit-filter-job',
    filterOutcome: 'audit-filter-outcome',
    filterText: 'audit-filter-text',
    filterFrom: 'audit-filter-from',
    filterTo: 'audit-filter-to',
    filterRange: 'audit-filter-range',
    clearFilters: 'audit-clear-filters',
    table: 'audit-table',
    /** One per entry, with `data-seq`, `data-action` and `data-outcome`; clicking opens the drawer. */
    row: 'audit-row',
    empty: 'audit-empty',
    prevPage: 'audit-prev-page',
    nextPage: 'audit-next-page',
    matchCount: 'audit-match-count',
    exportFormat: 'audit-export-format',
    exportLink: 'audit-export-link',
    chain: 'audit-chain',
    /** The chain verdict, with `data-ok`. */
    chainResult: 'audit-chain-result',
    verify: 'audit-verify',
    security: 'audit-security',
    /** One per refused request, with `data-decision`. */
    securityRow: 'audit-security-row',
    securityFilterDecision: 'audit-security-filter-decision',
    securityEmpty: 'audit-security-empty',
    securityPrev: 'audit-security-prev',
    securityNext: 'audit-security-next',
    /** The shared entry drawer (Audit page, tenant Activity), with `data-seq`. */
    drawer: 'audit-entry-drawer',
    drawerChange: 'audit-entry-change',
    drawerJobLink: 'audit-entry-job-link',
    drawerRequestId: 'audit-entry-request-id',
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
  workloadAction: {
    /** The scale / rotate / refresh form, with `data-kind`. */
    form: 'workload-action-form',
    replicas: 'workload-action-replicas',
    secret: 'workload-action-secret',
    key: 'workload-action-key',
    format: 'workload-action-format',
    plan: 'workload-action-plan',
  },
  tenantSummary: {
    section: 'tenant-summary',
    isolation: 'tenant-summary-isolation',
    jobs: 'tenant-summary-jobs',
    /** One per active job, with `data-job-id`. */
    job: 'tenant-summary-job',
    jobStatus: 'tenant-summary-job-status',
    activity: 'tenant-summary-activity',
    /** One per audit entry, with `data-seq`. */
    activityEntry: 'tenant-summary-activity-entry',
  },
  tenantHealth: {
    /** The tab's section, with `data-state` (worst of the deployments serving the tenant). */
    section: 'tenant-health',
    state: 'tenant-health-state',
    stale: 'tenant-health-stale',
    deployments: 'tenant-health-deployments',
    /** One per service kind placed, with `data-deployment` and `data-state`. */
    deploymentRow: 'tenant-health-deployment',
    restartPrefix: 'tenant-health-restart-',
    scalePrefix: 'tenant-health-scale-',
    /** One per pod, with `data-name` and `data-state`. */
    podRow: 'tenant-health-pod',
  },
  tenantOverrides: {
    section: 'tenant-overrides',
    /** One per bundle running in the tenant's environment, with `data-bundle` and `data-allowed`. */
    bundle: 'tenant-overrides-bundle',
    /** One per effect provider, with `data-name`. */
    provider: 'tenant-overrides-provider',
    edit: 'tenant-overrides-edit',
    form: 'tenant-overrides-form',
    timeoutPrefix: 'tenant-overrides-timeout-',
    save: 'tenant-overrides-save',
  },
  tenantWorkloads: {
    section: 'tenant-workloads',
    /** Rows with `data-deployment`. */
    row: 'tenant-workloads-row',
    /** A service kind with no shard for the tenant, with `data-kind`. */
    unplacedRow: 'tenant-workloads-unplaced',
    restartPrefix: 'tenant-workloads-restart-',
    scalePrefix: 'tenant-workloads-scale-',
    refreshPrefix: 'tenant-workloads-refresh-',
    rotate: 'tenant-workloads-rotate',
  },
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
    cronRun: 'operations-cron-run',
    healthStale: 'operations-health-stale',
    /** The auth component, with `data-state`. */
    healthAuth: 'operations-health-auth',
    podRow: 'operations-pod-row',
    restartPrefix: 'operations-restart-',
    scalePrefix: 'operations-scale-',
    rotateSecret: 'operations-rotate-secret',
    alerts: 'operations-alerts',
    /** The environments the inbox is filtered to (the hub's environment filter), when any. */
    alertsEnvironments: 'operations-alerts-environments',
    /** One per alert, with `data-fingerprint`, `data-status` and `data-environment` (empty when none). */
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
    tenantLogsLink: 'job-tenant-logs-link',
    approve: 'job-approve',
    approval: 'job-approval',
    failure: 'job-failure',
    audit: 'job-audit',
    auditRow: 'job-audit-row',
    auditLink: 'job-audit-link',
  },
  deployments: {
    page: 'deployments-page',
    matrix: 'deployments-matrix',
    /** One per shard deployment, with `data-shard`. */
    matrixRow: 'deployments-matrix-row',
    matrixVersion: 'deployments-matrix-version',
    matrixError: 'deployments-matrix-error',
    rollouts: 'deployments-rollouts',
    waiting: 'deployments-waiting',
    /** One per rollout, with `data-deployment` and `data-status`. */
    rolloutRow: 'deployments-rollout-row',
    pause: 'deployments-pause',
    resume: 'deployments-resume',
    abort: 'deployments-abort',
    detail: 'deployments-detail',
    outcome: 'deployments-outcome',
    gates: 'deployments-gates',
    /** One per gate evaluation, with `data-passed`. */
    gate: 'deployments-gate',
    /** One per check of a gate, with `data-check`. */
    gateCheck: 'deployments-gate-check',
    freezes: 'deployments-freezes',
    freezeRow: 'deployments-freeze-row',
    freezeBanner: 'deployments-freeze-banner',
    freezeReason: 'deployments-freeze-reason',
    freezeCreate: 'deployments-freeze-create',
    freezeLift: 'deployments-freeze-lift',
    version: 'deployments-version',
    steps: 'deployments-steps',
    window: 'deployments-window',
    pauseSeconds: 'deployments-pause-seconds',
    plan: 'deployments-plan',
  },
  configDocs: {
    page: 'config-page',
    documents: 'config-documents',
    /** One per document, with `data-kind` and `data-scope`. */
    documentRow: 'config-document-row',
    openScope: 'config-open-scope',
    editor: 'config-editor',
    /** One per validation issue, with `data-path`. */
    validationIssue: 'config-validation-issue',
    preview: 'config-preview',
    previewRun: 'config-preview-run',
    /** One per affected tenant in the preview sample, with `data-tenant`. */
    previewTenant: 'config-preview-tenant',
    save: 'config-save',
    history: 'config-history',
    /** One per version, with `data-version`. */
    versionRow: 'config-version-row',
    diff: 'config-diff',
    /** One per changed key, with `data-path` and `data-change`. */
    diffEntry: 'config-diff-entry',
    apply: 'config-apply',
    applyJob: 'config-apply-job',
    rollback: 'config-rollback',
    /** Tenant detail Config tab: one row per key, with `data-kind`, `data-path` and `data-source`. */
    tenantTab: 'tenant-config',
    effectiveRow: 'tenant-config-row',
  },
  definitions: {
    page: 'definitions-page',
    /** One per bundle name, with `data-bundle`; its cells carry `data-env`. */
    envRow: 'definitions-env-row',
    envCell: 'definitions-env-cell',
    current: 'definitions-current',
    lastKnownGood: 'definitions-last-known-good',
    promote: 'definitions-promote',
    revert: 'definitions-revert',
    promotions: 'definitions-promotions',
    /** One per promotion, with `data-promotion`, `data-status` and `data-to`. */
    promotionRow: 'definitions-promotion-row',
    approvalHint: 'definitions-approval-hint',
    approve: 'definitions-approve',
    bundles: 'definitions-bundles',
    /** One per stored version, with `data-bundle` and `data-version`. */
    bundleRow: 'definitions-bundle-row',
    detail: 'definitions-detail',
    impact: 'definitions-impact',
    editor: 'definitions-editor',
    editFrom: 'definitions-edit-from',
    validation: 'definitions-validation',
    validationError: 'definitions-validation-error',
    upload: 'definitions-upload',
  },
  placement: {
    fleet: 'placement-fleet',
    /** One per service kind: `placement-fleet-tab-gateway`, … */
    fleetTabPrefix: 'placement-fleet-tab-',
    fleetNext: 'placement-fleet-next',
    inventorySync: 'placement-inventory-sync',
    loadError: 'placement-fleet-load-error',
    shards: 'placement-shards',
    /** One per shard, with `data-shard`. */
    shardRow: 'placement-shard-row',
    shardLink: 'placement-shard-link',
    shardDetail: 'placement-shard-detail',
    shardTenants: 'placement-shard-tenants',
    shardTenantRow: 'placement-shard-tenant-row',
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
    /** Job page: the target's traffic around the job window. */
    jobTraffic: 'job-traffic',
    /** Fleet: per-shard load and utilization over time. */
    fleetLoad: 'fleet-load',
    /** Rebalance preview: current vs planned load per shard. */
    rebalanceLoad: 'rebalance-load',
    /** Isolation posture: verdict counts over time. */
    isolationTrend: 'isolation-trend',
    /** Operations hub: jobs started and failed over time. */
    jobsTrend: 'jobs-trend',
    /** Overview: tenants by status over time. */
    tenantStatusTrend: 'tenant-status-trend',
  },
} as const;
