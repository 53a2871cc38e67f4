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
    /** One per row: `isolation-row` with `data-tenant-id` and `data-verdict`. */
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
} as const;
