/**
 * Reads a header's values from the raw header list, so duplicates are visible: Node joins repeated
 * headers into one comma-separated string, which would hide a second, injected value.
 * A comma inside a value also counts as a second value.
 */
export function rawHeaderValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === name.length && rawHeaders[i].toLowerCase() === name) {
      for (const part of rawHeaders[i + 1].split(',')) values.push(part.trim());
    }
  }
  return values;
}

/** The header's value when it occurs exactly once with a single non-empty value; otherwise null. */
export function singleHeader(rawHeaders: string[], name: string): string | null {
  const v = rawHeaderValues(rawHeaders, name);
  return v.length === 1 && v[0] !== '' ? v[0] : null;
}
