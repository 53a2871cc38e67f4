/**
 * The JSON Schema fastify serializes a response with (fast-json-stringify), generated from the
 * contract's zod schema. Only the shape matters for serializing: declared properties are written,
 * anything else is left out, so no field the contract does not name can leak. Keywords that only
 * validate (`required`, `$schema`) are dropped, so a value the contract marks required but a handler
 * leaves out is omitted exactly as `JSON.stringify` would, instead of failing the response.
 */
import { z } from 'zod';

type JsonSchema = { [key: string]: unknown };

const VALIDATION_ONLY = new Set(['$schema', 'required']);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key)) continue;
    // `properties` and `$defs` map names to schemas: keep every name, strip inside each schema.
    out[key] =
      key === 'properties' || key === '$defs'
        ? Object.fromEntries(Object.entries(value as JsonSchema).map(([name, s]) => [name, strip(s)]))
        : strip(value);
  }
  return out;
}

export function responseJsonSchema(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })) as JsonSchema;
}
