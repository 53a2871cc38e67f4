import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tableFromIPC, Type } from 'apache-arrow';
import { frameToArrow, FrameEncodingError, msToNs } from './arrow';
import { arrowToJsonFrame, float32Text } from './arrowJson';
import { hasFileMagic, readArrowFrame } from './arrowRead';
import { dsQueryJson } from './dsQueryJson';
import { TIME_RANGE_MS, type Field, type FieldType, type Frame } from './frame';
import { tableFrame } from '../testing/fixtureHandlers';

const GOLDEN_DIR = path.resolve(__dirname, '../../../../../shared/grafana-sdk-testdata');
const goldenDir = fs.existsSync(GOLDEN_DIR) ? GOLDEN_DIR : '/work/shared/grafana-sdk-testdata';
const goldenArrow = fs.readFileSync(path.join(goldenDir, 'all_types.golden.arrow'));
const goldenJsonText = fs.readFileSync(path.join(goldenDir, 'all_types.golden.json'), 'utf8');

/** Parses JSON keeping integers exact (as `I:<digits>`), so 64-bit values compare without loss. */
function exactJson(text: string): unknown {
  return JSON.parse(text, function (_key, value, context?: { source?: string }) {
    if (typeof value === 'number' && context?.source && /^-?\d+$/.test(context.source)) return `I:${context.source}`;
    return value;
  });
}

interface GoldenJson {
  schema: { name: string; refId: string; meta: Record<string, unknown>; fields: Record<string, unknown>[] };
  data: { values: unknown[][]; entities: (Record<string, number[]> | null)[]; nanos: (number[] | null)[] };
}

/** The golden fields this writer supports, mapped to the neutral field type. */
const SUPPORTED: Record<string, FieldType> = {
  string_values: 'string',
  nullable_string_values: 'string',
  int64_values: 'int64',
  nullable_int64_values: 'int64',
  float64_values: 'number',
  float64_nans: 'number',
  nullable_float64_values: 'number',
  nullable_float64_values_nans: 'number',
  bool_values: 'boolean',
  nullable_bool_values: 'boolean',
  timestamps: 'time',
};

/** Rebuilds the supported golden fields as a neutral Frame, restoring NaN/Inf and exact ns times. */
function goldenAsFrame(): { frame: Frame; indexes: number[] } {
  const golden = JSON.parse(goldenJsonText) as GoldenJson;
  const exact = exactJson(goldenJsonText) as GoldenJson;
  const fields: Field[] = [];
  const indexes: number[] = [];
  golden.schema.fields.forEach((f, i) => {
    const type = SUPPORTED[f.name as string];
    if (!type) return;
    const typeInfo = f.typeInfo as { nullable?: boolean };
    const entities = golden.data.entities[i] ?? {};
    const values = exact.data.values[i].map((v, row) => {
      if (entities.NaN?.includes(row)) return Number.NaN;
      if (entities.Inf?.includes(row)) return Number.POSITIVE_INFINITY;
      if (entities.NegInf?.includes(row)) return Number.NEGATIVE_INFINITY;
      if (typeof v === 'string' && v.startsWith('I:')) {
        const n = BigInt(v.slice(2));
        if (type === 'time') return n * 1_000_000n + BigInt(golden.data.nanos[i]![row]);
        if (type === 'int64') return n;
        return Number(n);
      }
      return v as string | number | boolean | null;
    });
    fields.push({
      name: f.name as string,
      type,
      values,
      nullable: Boolean(typeInfo.nullable),
      ...(f.labels ? { labels: f.labels as Record<string, string> } : {}),
      ...(f.config ? { config: f.config as Record<string, unknown> } : {}),
    });
    indexes.push(i);
  });
  const meta = golden.schema.meta as Frame['meta'];
  return { frame: { name: golden.schema.name, refId: golden.schema.refId, meta, fields }, indexes };
}

describe('Arrow frame writer against the SDK golden file', () => {
  const goldenTable = tableFromIPC(goldenArrow);
  const { frame, indexes } = goldenAsFrame();
  const bytes = frameToArrow(frame);
  const mine = tableFromIPC(bytes);

  test('the golden file is an Arrow IPC file and so is ours', () => {
    assert.ok(hasFileMagic(goldenArrow));
    assert.ok(hasFileMagic(bytes));
    assert.equal(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), 'ARROW1');
    assert.equal(Buffer.from(bytes.subarray(bytes.length - 6)).toString('latin1'), 'ARROW1');
    assert.notDeepEqual([...bytes.subarray(0, 4)], [0xff, 0xff, 0xff, 0xff]);
  });

  test('schema metadata matches: name, refId and meta JSON', () => {
    assert.deepEqual([...mine.schema.metadata.keys()].sort(), [...goldenTable.schema.metadata.keys()].sort());
    assert.equal(mine.schema.metadata.get('name'), 'many_types');
    assert.equal(mine.schema.metadata.get('refId'), 'A');
    assert.deepEqual(
      JSON.parse(mine.schema.metadata.get('meta')!),
      JSON.parse(goldenTable.schema.metadata.get('meta')!)
    );
  });

  test('every supported field has the golden name, Arrow type, nullability and metadata', () => {
    assert.equal(mine.schema.fields.length, indexes.length);
    mine.schema.fields.forEach((field, k) => {
      const golden = goldenTable.schema.fields[indexes[k]];
      assert.equal(field.name, golden.name);
      assert.equal(String(field.type), String(golden.type), field.name);
      assert.equal(field.nullable, golden.nullable, field.name);
      const meta = (f: typeof field) =>
        Object.fromEntries([...f.metadata].map(([key, v]) => [key, key === 'tstype' ? v : JSON.parse(v)]));
      assert.deepEqual(meta(field), meta(golden), field.name);
    });
  });

  test('values read back as Grafana reads them, and convert to the golden JSON', () => {
    const golden = exactJson(goldenJsonText) as GoldenJson;
    const json = exactJson(JSON.stringify(arrowToJsonFrame(bytes))) as GoldenJson;
    assert.deepEqual(
      json.schema.fields,
      indexes.map((i) => golden.schema.fields[i])
    );
    assert.deepEqual(
      json.data.values,
      indexes.map((i) => golden.data.values[i])
    );
    assert.deepEqual(
      json.data.entities,
      indexes.map((i) => golden.data.entities[i])
    );
    assert.deepEqual(
      json.data.nanos,
      indexes.map((i) => golden.data.nanos[i])
    );
  });
});

describe('Arrow to Grafana JSON frame', () => {
  test('reproduces all_types.golden.json from all_types.golden.arrow, every type', () => {
    assert.deepEqual(exactJson(JSON.stringify(arrowToJsonFrame(goldenArrow))), exactJson(goldenJsonText));
  });

  test('float32 values use the shortest 32-bit form', () => {
    assert.equal(float32Text(Math.fround(3.4028234663852886e38)), '3.4028235e+38');
    assert.equal(float32Text(Math.fround(0.1)), '0.1');
  });
});

describe('Arrow frame writer rules', () => {
  const base = (fields: Field[]): Frame => ({ name: 'n', refId: 'R', fields });

  test('time is Timestamp(ns), non-null, from epoch ms with sub-ms precision', () => {
    const t = tableFromIPC(frameToArrow(base([{ name: 'time', type: 'time', values: [1_767_225_600_000.5, 0] }])));
    const field = t.schema.fields[0];
    assert.equal(field.type.typeId, Type.Timestamp);
    assert.equal(String(field.type), 'Timestamp<NANOSECOND>');
    assert.equal(field.nullable, false);
    assert.equal(
      readArrowFrame(frameToArrow(base([{ name: 'time', type: 'time', values: [1_767_225_600_000.5] }]))).fields[0]
        .values[0],
      1_767_225_600_000_500_000n
    );
    assert.equal(msToNs(-1.5), -1_500_000n);
  });

  test('time in ms outside the 64-bit nanosecond range is an error, never a wrapped date', () => {
    const at = (ms: number) => base([{ name: 'time', type: 'time', values: [ms] }]);
    for (const ms of [TIME_RANGE_MS.min, TIME_RANGE_MS.max]) {
      assert.equal(readArrowFrame(frameToArrow(at(ms))).fields[0].values[0], BigInt(ms) * 1_000_000n);
    }
    // 999999 days past 1970 (a `999999d` bucket), 9e15 ms, and just past either end.
    for (const ms of [999_999 * 86_400_000, 9e15, -9e15, TIME_RANGE_MS.max + 1, TIME_RANGE_MS.min - 1]) {
      assert.throws(() => frameToArrow(at(ms)), /outside the 64-bit nanosecond time range/, String(ms));
    }
    assert.throws(() => frameToArrow(at(TIME_RANGE_MS.max + 0.9)), FrameEncodingError, 'sub-ms past the end');
  });

  test('strings are plain Utf8, never dictionaries', () => {
    const t = tableFromIPC(frameToArrow(base([{ name: 's', type: 'string', values: ['a', 'a', 'b'] }])));
    assert.equal(t.schema.fields[0].type.typeId, Type.Utf8);
    assert.equal(t.getChildAt(0)!.get(1), 'a');
  });

  test('nullability follows the field, with a validity bitmap', () => {
    const t = readArrowFrame(
      frameToArrow(
        base([
          { name: 'n', type: 'number', nullable: true, values: [1, null, 3] },
          { name: 'b', type: 'boolean', nullable: true, values: [null, true, false] },
          { name: 'i', type: 'int64', nullable: true, values: [null, 2n, 3] },
          { name: 's', type: 'string', nullable: true, values: ['x', null, 'z'] },
        ])
      )
    );
    assert.deepEqual(
      t.fields.map((f) => f.values),
      [
        [1, null, 3],
        [null, true, false],
        [null, 2n, 3n],
        ['x', null, 'z'],
      ]
    );
    assert.ok(t.fields.every((f) => f.nullable));
  });

  test('rejects what Grafana would misread or the frame model forbids', () => {
    const cases: Field[][] = [
      [{ name: 't', type: 'time', values: [null] }],
      [{ name: 't', type: 'time', values: [1], nullable: true }],
      [{ name: 'n', type: 'number', values: [null] }],
      [{ name: 'n', type: 'number', values: ['1'] }],
      [{ name: 'i', type: 'int64', values: [1.5] }],
      [{ name: 'i', type: 'int64', values: [2n ** 63n] }],
      [{ name: 'b', type: 'boolean', values: [1] }],
      [
        { name: 'a', type: 'number', values: [1, 2] },
        { name: 'b', type: 'number', values: [1] },
      ],
    ];
    for (const fields of cases)
      assert.throws(
        () => frameToArrow(base(fields)),
        FrameEncodingError,
        JSON.stringify(fields, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
      );
    assert.throws(
      () => frameToArrow({ fields: [], meta: { typeVersion: [0, 1], bogus: 1 } as never }),
      FrameEncodingError
    );
  });

  test('meta always carries typeVersion as an array; labels are sorted', () => {
    const bytes = frameToArrow({
      fields: [{ name: 'v', type: 'number', values: [1], labels: { z: '1', a: '2' } }],
      meta: { type: 'numeric-multi' },
    });
    const t = tableFromIPC(bytes);
    assert.equal(t.schema.metadata.get('meta'), '{"type":"numeric-multi","typeVersion":[0,0]}');
    assert.equal(t.schema.fields[0].metadata.get('labels'), '{"a":"2","z":"1"}');
    assert.equal(t.schema.metadata.get('name'), '');
    assert.equal(t.schema.metadata.get('refId'), '');
  });

  test('same-named fields keep their own labels and config (timeseries-wide), as written and as read', () => {
    const bytes = frameToArrow({
      meta: { type: 'timeseries-wide', typeVersion: [0, 1] },
      fields: [
        { name: 'time', type: 'time', values: [1, 2] },
        { name: 'jobs', type: 'number', values: [1, 2], labels: { status: 'failed' } },
        { name: 'jobs', type: 'number', values: [3, 4], labels: { status: 'running' }, config: { unit: 's' } },
        { name: 'jobs', type: 'number', values: [5, 6] },
      ],
    });
    const read = readArrowFrame(bytes);
    assert.deepEqual(
      read.fields.map((f) => [f.name, f.labels, f.config, f.values]),
      [
        ['time', undefined, undefined, [1_000_000n, 2_000_000n]],
        ['jobs', { status: 'failed' }, undefined, [1, 2]],
        ['jobs', { status: 'running' }, { unit: 's' }, [3, 4]],
        ['jobs', undefined, undefined, [5, 6]],
      ]
    );
  });

  test('a frame with no fields is a valid, empty Arrow file', () => {
    const read = readArrowFrame(frameToArrow({ fields: [], meta: { type: 'timeseries-multi', typeVersion: [0, 1] } }));
    assert.deepEqual(read.fields, []);
    assert.deepEqual(read.meta, { type: 'timeseries-multi', typeVersion: [0, 1] });
  });

  test('a 5,000-row table round-trips', () => {
    const bytes = frameToArrow(tableFrame(5000));
    const read = readArrowFrame(bytes);
    assert.equal(read.fields.length, 5);
    assert.equal(read.fields[1].values.length, 5000);
    assert.equal(read.fields[1].values[4999], 'tenant-004999');
    assert.equal(read.fields[3].values[4999], BigInt(4999 % 97));
    assert.ok(bytes.length > 5000 * 40 && bytes.length < 5000 * 100, `${bytes.length} bytes`);
  });

  test('a frame over 32 MiB is written and read back', () => {
    const rows = 650_000;
    const bytes = frameToArrow(tableFrame(rows));
    assert.ok(bytes.length > 32 * 1024 * 1024, `${bytes.length} bytes`);
    assert.ok(hasFileMagic(bytes));
    const t = tableFromIPC(bytes);
    assert.equal(t.numRows, rows);
    assert.equal(t.getChild('tenant')!.get(rows - 1), `tenant-${String(rows - 1).padStart(6, '0')}`);
  });
});

describe('/api/ds/query body', () => {
  test('results in refId order, JSON frames, per-refId errors, HTTP 400 when one failed', () => {
    const frame = frameToArrow({ refId: 'B', fields: [{ name: 'v', type: 'number', values: [1, Number.NaN] }] });
    const { httpStatus, body } = dsQueryJson({
      B: { frames: [frame], status: 200 },
      A: { frames: [], error: 'bad filter', status: 400, errorSource: 'plugin' },
    });
    assert.equal(httpStatus, 400);
    assert.deepEqual(Object.keys(body.results), ['A', 'B']);
    assert.deepEqual(body.results.A, { status: 400, frames: [], error: 'bad filter', errorSource: 'plugin' });
    assert.deepEqual(JSON.parse(JSON.stringify(body.results.B)), {
      status: 200,
      frames: [
        {
          schema: { refId: 'B', fields: [{ name: 'v', type: 'number', typeInfo: { frame: 'float64' } }] },
          data: { values: [[1, null]], entities: [{ NaN: [1] }] },
        },
      ],
    });
    assert.equal(dsQueryJson({ A: { frames: [] } }).httpStatus, 200);
    assert.equal(dsQueryJson({ A: { frames: [] } }).body.results.A.status, 200);
  });
});
