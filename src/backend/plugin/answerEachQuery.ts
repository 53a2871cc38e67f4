/**
 * Builds a `queryData` handler from a per-query function: queries run concurrently and an exception
 * thrown for one refId becomes that refId's error (status 500, source plugin); the others are still
 * answered.
 */
import type { DataResponse } from '../frames/frame';
import type { BackendHandlers, DataQuery, QueryDataRequest } from './types';

export function answerEachQuery(
  answer: (query: DataQuery, request: QueryDataRequest) => Promise<DataResponse>
): BackendHandlers['queryData'] {
  return async (request) => {
    const entries = await Promise.all(
      request.queries.map(async (query): Promise<[string, DataResponse]> => {
        try {
          return [query.refId, await answer(query, request)];
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [query.refId, { frames: [], error: message, status: 500, errorSource: 'plugin' }];
        }
      })
    );
    return Object.fromEntries(entries);
  };
}
