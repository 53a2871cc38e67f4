/**
 * A request's query string, with no Grafana runtime import: URL-state modules use it to key
 * prefetched pages, and they are also loaded in Node (tests that check alert links against them).
 */
/** `?a=1&status=x,y`: arrays as comma lists (the contract's csv filters), empty values dropped. */
export function serializeQuery(query: object | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > 0) {
        search.set(key, value.map(String).join(','));
      }
      continue;
    }
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
