/**
 * Queries built and compiled once per shape. A hot query whose SQL text depends only on its shape
 * (which filters are present, how many values each holds, the sort) is built by kysely with a
 * marker in place of every value, compiled, and kept under the JSON of its marked input; later
 * calls of the same shape only bind their values to the kept SQL (and SQLite reuses the prepared
 * statement for that text). The key is the marked input itself, so anything that changes the SQL
 * changes the key; a value left unmarked costs cache misses, never wrong SQL. A marker that ends up
 * inside a larger parameter (a value transformed after marking) is refused when the shape is
 * compiled, so transform values before marking them. Compiled SQL is kept per SQL dialect (one
 * process may hold a SQLite and a PostgreSQL store).
 */
import { CompiledQuery, sql, type Compilable } from 'kysely';
import type { Executor } from './schema';

const MARK = '\u0000';
const EXACT = new RegExp(`^${MARK}(\\d+)${MARK}$`);

/** The values of one call, and the markers that stand for them in its marked input. */
export class ValueMarkers {
  readonly values: unknown[] = [];

  /** The marker for `value` (typed as the value, so the marked input has the input's type). */
  mark<T>(value: T): T {
    this.values.push(value);
    return `${MARK}${this.values.length - 1}${MARK}` as T;
  }

  /** Each value of `list`, marked. */
  markAll<T>(list: readonly T[]): T[] {
    return list.map((v) => this.mark(v));
  }
}

/** How to bind one compiled parameter: the call's value at this index, or a constant of the SQL. */
type Binding = { value: number } | { constant: unknown };

interface Shape {
  sql: string;
  bindings: Binding[];
}

export class ShapedQueries {
  private readonly shapes = new Map<string, Shape>();

  constructor(private readonly max = 256) {}

  /**
   * Runs the query `build` makes from `marked` (the input with each value replaced by a marker from
   * `markers`), compiled once per distinct `marked`. `build` reads `marked` only, never the
   * unmarked input: what it reads elsewhere is not part of the key.
   */
  async execute<R>(ex: Executor, marked: unknown, markers: ValueMarkers, build: () => Compilable<R>): Promise<R[]> {
    const key = `${dialectOf(ex)}\n${JSON.stringify(marked)}`;
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = compileShape(build(), markers.values.length);
      if (this.shapes.size >= this.max) this.shapes.delete(this.shapes.keys().next().value as string);
      this.shapes.set(key, shape);
    }
    const parameters = shape.bindings.map((b) => ('value' in b ? markers.values[b.value] : b.constant));
    const result = await ex.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters));
    return result.rows;
  }
}

/** How the executor's dialect writes a parameter (`?`, `$1`): the dialect part of a shape's key. */
const dialects = new WeakMap<Executor, string>();
function dialectOf(ex: Executor): string {
  let d = dialects.get(ex);
  if (d === undefined) {
    d = sql`${0}`.compile(ex).sql;
    dialects.set(ex, d);
  }
  return d;
}

function compileShape(query: Compilable<unknown>, valueCount: number): Shape {
  const compiled = query.compile();
  const seen = new Set<number>();
  const bindings = compiled.parameters.map((p): Binding => {
    if (typeof p === 'string' && p.includes(MARK)) {
      const m = EXACT.exec(p);
      if (!m) throw new Error('a marked value was transformed after marking: mark the transformed value instead');
      seen.add(Number(m[1]));
      return { value: Number(m[1]) };
    }
    return { constant: p };
  });
  if (seen.size !== valueCount) {
    throw new Error(
      `the query used ${seen.size} of its ${valueCount} marked values: every marked value must be a parameter`
    );
  }
  return { sql: compiled.sql, bindings };
}
