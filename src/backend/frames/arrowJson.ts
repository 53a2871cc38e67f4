/**
 * Converts an Arrow frame to the JSON frame Grafana's `/api/ds/query` returns to the browser (SDK
 * `data/frame_json.go`): `{schema: {name, refId, meta, fields: [{name, type, typeInfo, labels,
 * config}]}, data: {values, entities?, nanos?}}`. Time values are epoch milliseconds with the
 * sub-millisecond remainder in `nanos`; NaN/+Inf/−Inf are written as null and listed in `entities`.
 *
 * Numbers JavaScript cannot hold exactly (64-bit integers beyond 2^53, float32 shortest forms) and
 * raw JSON values are emitted through `JSON.rawJSON`, so `JSON.stringify` of the result writes the
 * same digits as Grafana. Raw JSON (json.RawMessage) fields are parsed into plain values.
 */
import { readArrowFrame, type ReadField, type ReadValue } from './arrowRead';

export interface JsonFrameField {
  name: string;
  type: string;
  typeInfo: { frame: string; nullable?: true };
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
}

export interface EntityLookup {
  NaN?: number[];
  Inf?: number[];
  NegInf?: number[];
}

export interface JsonFrame {
  schema: { name?: string; refId?: string; meta?: Record<string, unknown>; fields: JsonFrameField[] };
  data: { values: unknown[][]; entities?: (EntityLookup | null)[]; nanos?: (number[] | null)[] };
}

type RawJson = unknown;
const rawJSON = (JSON as unknown as { rawJSON(text: string): RawJson }).rawJSON;

/** The shortest decimal that reads back as the same float32, as Go's strconv does for 32-bit floats. */
export function float32Text(value: number): string {
  for (let precision = 1; precision <= 9; precision++) {
    const text = value.toPrecision(precision);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

function convertField(field: ReadField): { values: unknown[]; entities: EntityLookup | null; nanos: number[] | null } {
  const entities: EntityLookup = {};
  const mark = (key: keyof EntityLookup, i: number) => (entities[key] ??= []).push(i);
  let nanos: number[] | null = null;
  const values = field.values.map((v: ReadValue, i) => {
    switch (field.frameType) {
      case 'time.Time': {
        nanos ??= new Array(field.values.length).fill(0);
        if (v === null) return null;
        const ns = v as bigint;
        let ms = ns / 1_000_000n;
        if (ns < 0n && ms * 1_000_000n !== ns) ms -= 1n;
        nanos[i] = Number(ns - ms * 1_000_000n);
        return Number.isSafeInteger(Number(ms)) ? Number(ms) : rawJSON(ms.toString());
      }
      case 'float32':
      case 'float64': {
        if (v === null) return null;
        const n = v as number;
        if (Number.isNaN(n)) return (mark('NaN', i), null);
        if (n === Infinity) return (mark('Inf', i), null);
        if (n === -Infinity) return (mark('NegInf', i), null);
        return field.frameType === 'float32' ? rawJSON(float32Text(n)) : n;
      }
      case 'int64':
      case 'uint64':
        if (v === null) return null;
        return Number.isSafeInteger(Number(v)) ? Number(v) : rawJSON((v as bigint).toString());
      case 'json.RawMessage':
        return v === null ? null : JSON.parse(new TextDecoder().decode(v as Uint8Array));
      default:
        return v;
    }
  });
  return { values, entities: Object.keys(entities).length ? entities : null, nanos };
}

/** Converts one Arrow IPC file frame to Grafana's JSON frame. Throws where Grafana would. */
export function arrowToJsonFrame(bytes: Uint8Array): JsonFrame {
  const frame = readArrowFrame(bytes);
  const schema = {
    ...(frame.name ? { name: frame.name } : {}),
    ...(frame.refId ? { refId: frame.refId } : {}),
    ...(frame.meta ? { meta: frame.meta } : {}),
    fields: [] as JsonFrameField[],
  };
  const data: JsonFrame['data'] = { values: [] };
  const entities: (EntityLookup | null)[] = [];
  const nanos: (number[] | null)[] = [];
  for (const field of frame.fields) {
    const jsonField: JsonFrameField = {
      name: field.name,
      type: field.tstype || (field.frameType === 'time.Time' ? 'time' : 'other'),
      typeInfo: field.nullable ? { frame: field.frameType, nullable: true } : { frame: field.frameType },
    };
    if (field.labels) jsonField.labels = field.labels;
    if (field.config) jsonField.config = field.config;
    schema.fields.push(jsonField);
    const converted = convertField(field);
    data.values.push(converted.values);
    entities.push(converted.entities);
    nanos.push(converted.nanos);
  }
  if (entities.some((e) => e !== null)) data.entities = entities;
  if (nanos.some((n) => n !== null)) data.nanos = nanos;
  return { schema, data };
}
