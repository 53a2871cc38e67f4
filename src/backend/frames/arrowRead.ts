/**
 * Reads an Arrow IPC file frame with the rules of Grafana's SDK (`data/arrow.go`
 * UnmarshalArrowFrame): file magic at both ends, only the types the SDK converts, every timestamp
 * taken as nanoseconds, `meta` parsed as FrameMeta (`typeVersion` an array), `labels` a string map
 * and `config` a JSON object. Anything the SDK would reject is an error here too.
 */
import { tableFromIPC, Type, type Vector } from 'apache-arrow';

export const ARROW_MAGIC = 'ARROW1';

/** The SDK's Go vector type for each supported Arrow type (`typeInfo.frame` in the JSON form). */
export type GoFrameType =
  | 'string'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'bool'
  | 'time.Time'
  | 'json.RawMessage'
  | 'enum';

export type ReadValue = string | number | bigint | boolean | Uint8Array | null;

export interface ReadField {
  name: string;
  frameType: GoFrameType;
  nullable: boolean;
  tstype: string;
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
  /** Timestamps as bigint epoch nanoseconds, Int64/Uint64 as bigint, Binary as bytes. */
  values: ReadValue[];
}

export interface ReadFrame {
  name: string;
  refId: string;
  meta?: Record<string, unknown>;
  fields: ReadField[];
}

export class FrameDecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameDecodingError';
  }
}

export function hasFileMagic(bytes: Uint8Array): boolean {
  const text = (from: number) => Buffer.from(bytes.subarray(from, from + 6)).toString('latin1');
  return bytes.length >= 12 && text(0) === ARROW_MAGIC && text(bytes.length - 6) === ARROW_MAGIC;
}

function goType(typeId: Type, bitWidth: number, signed: boolean, precision: number, tstype: string): GoFrameType {
  switch (typeId) {
    case Type.Utf8:
    case Type.Utf8View:
      return 'string';
    case Type.Int:
      if (tstype === 'enum' && !signed && bitWidth === 16) return 'enum';
      return `${signed ? 'int' : 'uint'}${bitWidth}` as GoFrameType;
    case Type.Float:
      if (precision === 1) return 'float32';
      if (precision === 2) return 'float64';
      break;
    case Type.Bool:
      return 'bool';
    case Type.Timestamp:
      return 'time.Time';
    case Type.Binary:
      return 'json.RawMessage';
  }
  throw new FrameDecodingError(`unsupported conversion from arrow to sdk type for arrow type ${Type[typeId]}`);
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FrameDecodingError(`${what} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FrameDecodingError(`${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function checkMeta(meta: Record<string, unknown>): void {
  const tv = meta.typeVersion;
  if (tv !== undefined && (!Array.isArray(tv) || tv.length !== 2 || !tv.every((n) => Number.isInteger(n) && n >= 0))) {
    throw new FrameDecodingError('meta.typeVersion must be an array of two unsigned integers');
  }
  if (meta.type !== undefined && typeof meta.type !== 'string')
    throw new FrameDecodingError('meta.type must be a string');
}

function readValues(vector: Vector, frameType: GoFrameType): ReadValue[] {
  const out: ReadValue[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    if (!vector.isValid(i)) {
      out[i] = null;
      continue;
    }
    const v = vector.get(i) as unknown;
    if (frameType === 'time.Time') {
      // Grafana takes every timestamp as nanoseconds whatever the declared unit; so do we.
      const raw = (vector.data[0].values as BigInt64Array)[vector.data[0].offset + i];
      out[i] = BigInt(raw);
    } else if (frameType === 'int64' || frameType === 'uint64') {
      out[i] = BigInt(v as bigint);
    } else {
      out[i] = v as ReadValue;
    }
  }
  return out;
}

/**
 * The custom metadata of every field, by position, read straight from the file footer's Schema
 * flatbuffer (Footer.schema → Schema.fields → Field.custom_metadata). apache-arrow's own Schema
 * mixes up the metadata of fields that share a name, and timeseries-wide frames are made of
 * same-named fields that differ only by their labels.
 */
export function fieldMetadataOf(bytes: Uint8Array): Map<string, string>[] {
  if (!hasFileMagic(bytes)) throw new FrameDecodingError('not an Arrow IPC file (missing ARROW1 magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = view.getInt32(bytes.length - 10, true);
  const start = bytes.length - 10 - footerLength;
  if (footerLength <= 0 || start < 8) throw new FrameDecodingError('the Arrow file footer is not valid');
  const u32 = (at: number) => {
    if (at < start || at + 4 > bytes.length - 10) throw new FrameDecodingError('the Arrow file footer is not valid');
    return view.getUint32(at, true);
  };
  /** Position of table field `index` (absent → undefined), following flatbuffers' vtable. */
  const slot = (table: number, index: number): number | undefined => {
    const vtable = table - view.getInt32(table, true);
    const vtableSize = view.getUint16(vtable, true);
    const offset = 4 + 2 * index < vtableSize ? view.getUint16(vtable + 4 + 2 * index, true) : 0;
    return offset ? table + offset : undefined;
  };
  const deref = (at: number) => at + u32(at);
  const vector = (at: number | undefined): number[] => {
    if (at === undefined) return [];
    const v = deref(at);
    return Array.from({ length: u32(v) }, (_, i) => deref(v + 4 + 4 * i));
  };
  const text = (at: number | undefined): string => {
    if (at === undefined) return '';
    const s = deref(at);
    return new TextDecoder().decode(bytes.subarray(s + 4, s + 4 + u32(s)));
  };
  const footer = deref(start);
  const schemaSlot = slot(footer, 1);
  if (schemaSlot === undefined) throw new FrameDecodingError('the Arrow file footer has no schema');
  return vector(slot(deref(schemaSlot), 1)).map(
    (field) => new Map(vector(slot(field, 6)).map((kv) => [text(slot(kv, 0)), text(slot(kv, 1))]))
  );
}

/** Decodes one frame the way Grafana does, throwing where Grafana would fail the response. */
export function readArrowFrame(bytes: Uint8Array): ReadFrame {
  if (!hasFileMagic(bytes)) throw new FrameDecodingError('not an Arrow IPC file (missing ARROW1 magic)');
  const table = tableFromIPC(bytes);
  const metadata = table.schema.metadata;
  const frame: ReadFrame = { name: metadata.get('name') ?? '', refId: metadata.get('refId') ?? '', fields: [] };
  const metaText = metadata.get('meta');
  if (metaText !== undefined) {
    frame.meta = parseJsonObject(metaText, 'frame meta');
    checkMeta(frame.meta);
  }
  const fieldMetadata = fieldMetadataOf(bytes);
  if (fieldMetadata.length !== table.schema.fields.length) {
    throw new FrameDecodingError('the Arrow file footer and schema disagree on the fields');
  }
  table.schema.fields.forEach((arrowField, index) => {
    const metadata = fieldMetadata[index];
    const type = arrowField.type as { typeId: Type; bitWidth?: number; isSigned?: boolean; precision?: number };
    if (type.typeId === Type.Dictionary) {
      throw new FrameDecodingError(`field "${arrowField.name}": dictionary vectors are not supported by Grafana`);
    }
    const tstype = metadata.get('tstype') ?? '';
    const frameType = goType(type.typeId, type.bitWidth ?? 0, type.isSigned ?? false, type.precision ?? -1, tstype);
    const field: ReadField = {
      name: arrowField.name,
      frameType,
      nullable: arrowField.nullable,
      tstype,
      values: readValues(table.getChildAt(index)!, frameType),
    };
    const labels = metadata.get('labels');
    if (labels !== undefined) {
      const parsed = parseJsonObject(labels, `labels of "${arrowField.name}"`);
      if (!Object.values(parsed).every((v) => typeof v === 'string')) {
        throw new FrameDecodingError(`labels of "${arrowField.name}" must map strings to strings`);
      }
      field.labels = parsed as Record<string, string>;
    }
    const config = metadata.get('config');
    if (config !== undefined) field.config = parseJsonObject(config, `config of "${arrowField.name}"`);
    if (!arrowField.nullable && field.values.includes(null)) {
      throw new FrameDecodingError(`field "${arrowField.name}" is not nullable but holds nulls`);
    }
    frame.fields.push(field);
  });
  return frame;
}
