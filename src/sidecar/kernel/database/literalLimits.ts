/**
 * Writes a select's LIMIT into its SQL when it is a plain row count, on SQLite.
 *
 * SQLite reads the value bound to a LIMIT parameter when it prepares the statement, and marks the
 * statement to be prepared again whenever that parameter is bound (sqlite3ExprIsInteger, called from
 * computeLimitRegisters with the parse context). better-sqlite3 binds every parameter on every run,
 * so each run of a statement ending in `limit ?` was parsed and planned anew. With the count written
 * in, the prepared statement is reused as it should be: the tenant list's store call in a route went
 * from about 0.12 to 0.06 ms (bench:tenants). Limits here are page sizes and small constants, so the
 * statement cache (database.ts) holds few variants of each query; a client cycling through every page
 * size only makes each run prepare its statement again, which is what every run cost before.
 */
import {
  LimitNode,
  SelectQueryNode,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** Integers SQLite accepts as a row count written into the SQL. */
function isRowCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export class LiteralLimits implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!SelectQueryNode.is(node) || !node.limit) return node;
    const limit = node.limit.limit;
    if (!ValueNode.is(limit) || limit.immediate || !isRowCount(limit.value)) return node;
    return SelectQueryNode.cloneWithLimit(node, LimitNode.create(ValueNode.createImmediate(limit.value)));
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
