/**
 * The body and HTTP status of Grafana's `POST /api/ds/query` for a QueryDataResponse (SDK
 * `backend/json.go`): `{"results": {"<refId>": {"status", "frames": [<JSON frame>], "error"?,
 * "errorSource"?}}}`, results in refId order, status 200 when unset and without error; HTTP 400 when
 * any refId failed, else 200. For hosts that stand in for Grafana in tests.
 */
import { arrowToJsonFrame, type JsonFrame } from './arrowJson';

export interface WireDataResponse {
  frames?: Uint8Array[];
  error?: string;
  status?: number;
  errorSource?: string;
}

export interface DsQueryResult {
  status: number;
  frames: JsonFrame[];
  error?: string;
  errorSource?: string;
}

export interface DsQueryBody {
  results: Record<string, DsQueryResult>;
}

export function dsQueryJson(responses: Record<string, WireDataResponse>): { httpStatus: number; body: DsQueryBody } {
  const results: Record<string, DsQueryResult> = {};
  let failed = false;
  for (const refId of Object.keys(responses).sort()) {
    const response = responses[refId];
    const result: DsQueryResult = {
      status: response.status || (response.error ? 500 : 200),
      frames: (response.frames ?? []).map((bytes) => arrowToJsonFrame(bytes)),
    };
    if (response.error) {
      failed = true;
      result.error = response.error;
      if (response.errorSource) result.errorSource = response.errorSource;
    }
    results[refId] = result;
  }
  return { httpStatus: failed ? 400 : 200, body: { results } };
}
