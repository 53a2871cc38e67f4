/** A failure of one query (or resource call), carried to that refId's DataResponse. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly source: 'plugin' | 'downstream',
    readonly field?: string
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** The query itself is wrong (type, filters, range): 400, the plugin's side. */
export const badQuery = (message: string, field?: string) => new QueryError(message, 400, 'plugin', field);

/** Replaces every occurrence of the secrets in a text (defence in depth for messages and logs). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
