/** Codes the browser client adds for failures that never reached the sidecar's error handler. */
export const ClientErrorCode = {
  network: 'network_error',
  cancelled: 'cancelled',
  sidecarUnreachable: 'sidecar_unreachable',
  notConfigured: 'not_configured',
  proxyDenied: 'proxy_denied',
  routeNotFound: 'route_not_found',
  invalidResponse: 'invalid_response',
  unknown: 'unknown_error',
} as const;

export interface ApiRequestErrorInit {
  status: number;
  code: string;
  message: string;
  field?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/**
 * A failed sidecar call, typed: the HTTP status, the contract error code (or a client code from
 * `ClientErrorCode`), a message fit for users, and the request id to quote to support.
 * Never carries a stack trace or a raw response body.
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;

  constructor(init: ApiRequestErrorInit) {
    super(init.message);
    this.name = 'ApiRequestError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
    this.details = init.details;
  }

  /** Next states the sidecar allows, when it refused a status change (409 illegal_transition). */
  get allowedStates(): string[] | undefined {
    const allowed = this.details?.allowed ?? this.details?.allowedStates;
    return Array.isArray(allowed) ? allowed.map(String) : undefined;
  }
}
