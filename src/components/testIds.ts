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
