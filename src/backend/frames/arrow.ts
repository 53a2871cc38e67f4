/**
 * A strict writer from the neutral Frame model to the Arrow IPC *file* format, byte-compatible with
 * what Grafana's plugin SDK writes (`data/arrow.go`) and reads back with `ipc.NewFileReader`:
 * - time → Timestamp(nanosecond, no timezone), never nullable; values are epoch milliseconds as numbers
 *   (fractions down to the nanosecond) or, for exact nanoseconds, epoch nanoseconds as bigint;
 * - number → Float64, int64 → Int64, string → Utf8 (never a dictionary), boolean → Bool;
 * - schema metadata `name`, `refId` (always) and `meta` (FrameMeta JSON, `typeVersion` always an array);
 * - field metadata `tstype` (always), `labels` and `config` (JSON, only when set).
 * Every vector is built from explicit buffers: apache-arrow's convenience builders would produce
 * dictionaries and millisecond dates that Grafana rejects or misreads.
 */
import {
  Bool,
  Field as ArrowField,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampNanosecond,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';
import type { Field, FieldType, Frame, FrameMeta } from './frame';

export class FrameEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameEncodingError';
  }
}

const TSTYPE: Record<FieldType, string> = {
  time: 'time',
  number: 'number',
  int64: 'number',
  string: 'string',
  boolean: 'boolean',
};

/** FrameMeta keys in the order Grafana's SDK marshals them. */
const META_KEYS = [
  'type',
  'typeVersion',
  'path',
  'pathSeparator',
  'custom',
  'stats',
  'notices',
  'channel',
  'preferredVisualisationType',
  'preferredVisualisationPluginId',
  'executedQueryString',
  'dataTopic',
  'uniqueRowIdFields',
];

export function frameMetaJson(meta: FrameMeta): string {
  const source = meta as Record<string, unknown>;
  const tv = meta.typeVersion ?? [0, 0];
  if (!Array.isArray(tv) || tv.length !== 2 || !tv.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new FrameEncodingError('meta.typeVersion must be two non-negative integers');
  }
  const ordered: Record<string, unknown> = {};
  for (const key of META_KEYS) {
    if (key === 'typeVersion') ordered[key] = tv;
    else if (source[key] !== undefined && source[key] !== '') ordered[key] = source[key];
  }
  for (const key of Object.keys(source)) {
    if (!(key in ordered) && source[key] !== undefined) {
      throw new FrameEncodingError(`meta.${key} is not a Grafana frame meta key`);
    }
  }
  return JSON.stringify(ordered);
}

function sortedLabels(labels: Record<string, string>): string {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (typeof value !== 'string') throw new FrameEncodingError(`label ${key} must be a string`);
    out[key] = value;
  }
  return JSON.stringify(out);
}

function fieldMetadata(field: Field): Map<string, string> {
  const metadata = new Map<string, string>();
  if (field.config !== undefined) metadata.set('config', JSON.stringify(field.config));
  if (field.labels !== undefined) metadata.set('labels', sortedLabels(field.labels));
  metadata.set('tstype', TSTYPE[field.type]);
  return metadata;
}

function validityBitmap(field: Field, length: number): { nullCount: number; nullBitmap?: Uint8Array } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  for (let i = 0; i < length; i++) {
    if (field.values[i] === null || field.values[i] === undefined) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  if (nullCount > 0 && !field.nullable) {
    throw new FrameEncodingError(`field "${field.name}" is not nullable but holds ${nullCount} null value(s)`);
  }
  return field.nullable ? { nullCount, nullBitmap: bitmap } : { nullCount: 0 };
}

function bad(field: Field, row: number, expected: string): never {
  const value = field.values[row];
  throw new FrameEncodingError(
    `field "${field.name}" row ${row}: expected ${expected}, got ${value === null ? 'null' : typeof value}`
  );
}

const NS_PER_MS = 1_000_000n;

/** Epoch milliseconds (fractions allowed, down to the nanosecond) → epoch nanoseconds. */
export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

function fieldData(field: Field, length: number): { type: DataType; data: Data } {
  const validity = validityBitmap(field, length);
  const isNull = (i: number) => field.values[i] === null || field.values[i] === undefined;
  switch (field.type) {
    case 'time': {
      const values = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const v = field.values[i];
        if (typeof v === 'bigint')
          values[i] = BigInt.asIntN(64, v) === v ? v : bad(field, i, '64-bit epoch nanoseconds');
        else if (typeof v === 'number' && Number.isFinite(v)) {
          const ns = msToNs(v);
          if (BigInt.asIntN(64, ns) !== ns) {
            throw new FrameEncodingError(
              `field "${field.name}" row ${i}: ${v} ms is outside the 64-bit nanosecond time range (years 1677 to 2262)`
            );
          }
          values[i] = ns;
        } else bad(field, i, 'epoch milliseconds (finite number) or epoch nanoseconds (bigint)');
      }
      const type = new TimestampNanosecond();
      return { type, data: makeData({ type, length, nullCount: 0, data: values }) };
    }
    case 'number': {
      const values = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = field.values[i];
        if (isNull(i)) continue;
        if (typeof v !== 'number') bad(field, i, 'number');
        values[i] = v;
      }
      const type = new Float64();
      return { type, data: makeData({ type, length, ...validity, data: values }) };
    }
    case 'int64': {
      const values = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const v = field.values[i];
        if (isNull(i)) continue;
        if (typeof v === 'bigint') values[i] = BigInt.asIntN(64, v) === v ? v : bad(field, i, 'a 64-bit integer');
        else if (typeof v === 'number' && Number.isSafeInteger(v)) values[i] = BigInt(v);
        else bad(field, i, 'a safe integer or bigint');
      }
      const type = new Int64();
      return { type, data: makeData({ type, length, ...validity, data: values }) };
    }
    case 'string': {
      const encoder = new TextEncoder();
      const parts: Uint8Array[] = [];
      const offsets = new Int32Array(length + 1);
      let total = 0;
      for (let i = 0; i < length; i++) {
        const v = field.values[i];
        if (!isNull(i)) {
          if (typeof v !== 'string') bad(field, i, 'string');
          const bytes = encoder.encode(v);
          parts.push(bytes);
          total += bytes.length;
          if (total > 0x7fffffff) throw new FrameEncodingError(`field "${field.name}" exceeds 2 GiB of text`);
        }
        offsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      let at = 0;
      for (const part of parts) {
        data.set(part, at);
        at += part.length;
      }
      const type = new Utf8();
      return { type, data: makeData({ type, length, ...validity, valueOffsets: offsets, data }) };
    }
    case 'boolean': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      for (let i = 0; i < length; i++) {
        const v = field.values[i];
        if (isNull(i)) continue;
        if (typeof v !== 'boolean') bad(field, i, 'boolean');
        if (v) bits[i >> 3] |= 1 << (i & 7);
      }
      const type = new Bool();
      return { type, data: makeData({ type, length, ...validity, data: bits }) };
    }
    default:
      throw new FrameEncodingError(`field "${(field as Field).name}": unsupported type ${(field as Field).type}`);
  }
}

/** Serializes one frame as one Arrow IPC file (magic `ARROW1` at both ends, one record batch). */
export function frameToArrow(frame: Frame): Uint8Array {
  const length = frame.fields.length ? frame.fields[0].values.length : 0;
  const arrowFields: ArrowField[] = [];
  const children: Data[] = [];
  for (const field of frame.fields) {
    if (typeof field.name !== 'string') throw new FrameEncodingError('every field needs a name');
    if (field.values.length !== length) {
      throw new FrameEncodingError(
        `field "${field.name}" has ${field.values.length} values, the frame has ${length} rows`
      );
    }
    if (field.type === 'time' && field.nullable) {
      throw new FrameEncodingError(`time field "${field.name}" cannot be nullable`);
    }
    const { type, data } = fieldData(field, length);
    arrowFields.push(new ArrowField(field.name, type, Boolean(field.nullable), fieldMetadata(field)));
    children.push(data);
  }
  const schemaMetadata = new Map<string, string>();
  if (frame.meta !== undefined) schemaMetadata.set('meta', frameMetaJson(frame.meta));
  schemaMetadata.set('name', frame.name ?? '');
  schemaMetadata.set('refId', frame.refId ?? '');
  const schema = new Schema(arrowFields, schemaMetadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(arrowFields), length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, [batch]), 'file');
}
