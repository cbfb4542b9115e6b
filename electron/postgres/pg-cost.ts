// What a filter costs on a live store, asked before it runs: the planner's estimate (EXPLAIN without ANALYZE, so
// nothing runs and nothing is built on the server). A filter the planner would serve by reading all or most of large
// tables is refused with code "needs-consent", naming the tables, the rows and why, until the person says to run it
// anyway (allowScans). One stream alone (its page, its replay) is never asked about: the stores index their streams.
// The plan is read per filter with its values: a narrow time range an index serves says nothing of a wide one.
// Consent is per kind of filter: "run it anyway" for a type filter runs the next type filter too.
import { JournalError } from '../../shared/contract.js';
import { filterKey } from './pg-filter.js';
import { ident } from './pg-layouts.js';
import type { PgLayout } from './pg-layouts.js';
import type { PgSession } from './pg-session.js';

/** Rows a filter may read whole without asking: EVENTLENS_SCAN_LIMIT_ROWS, else a million. */
export function defaultScanLimit(): number {
  const set = Number(process.env.EVENTLENS_SCAN_LIMIT_ROWS);
  return Number.isSafeInteger(set) && set >= 0 ? set : 1_000_000;
}

/** The filters of an events, rates, stream-page or replay query that decide what a query reads. */
export interface ScanFilter {
  stream?: string | undefined;
  category?: string | undefined;
  types?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  text?: string | undefined;
  where?: string | undefined;
}

/** A store that asks before reading a table whole, and can be told to go ahead. */
export interface ScanConsenting {
  /** Runs the filters refused so far (or, with `every`, any from now on); true. */
  allowScans(every: boolean): boolean;
}

type Part = 'category' | 'types' | 'time' | 'text' | 'where';

/** Plans kept (per filter and values): the pages of one filter ask the planner once. */
const KEEP_VERDICTS = 256;

/**
 * The kind of a filter, not its values: the parts it narrows by beyond one stream ("stream+types"), in a fixed order.
 * Null when it narrows by no more than one stream.
 */
export function scanShape(filter: ScanFilter): { key: string; parts: Part[] } | null {
  const parts: Part[] = [];
  if (filter.category !== undefined) parts.push('category');
  if ((filter.types?.length ?? 0) > 0) parts.push('types');
  if (filter.from !== undefined || filter.to !== undefined) parts.push('time');
  if (filter.text?.trim()) parts.push('text');
  if (filter.where !== undefined) parts.push('where');
  if (parts.length === 0) return null;
  return { key: [...(filter.stream !== undefined ? ['stream'] : []), ...parts].join('+'), parts };
}

/** A node of EXPLAIN (FORMAT JSON, VERBOSE)'s plan, as far as it is read here. */
interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

/** A table the plan reads all or most of, with the planner's count of the rows read. */
interface TableRead {
  schema: string;
  table: string;
  alias: string | undefined;
  rows: number;
  /** Read whole (a sequential scan, an index walked end to end), not only most of it. */
  whole: boolean;
}

/**
 * An index condition that keeps this share of a table or more reads it nearly whole all the same (Commanded's $all
 * stream, stream 0, is half its stream_events).
 */
const MOST = 1 / 3;

const count = (rows: number) => `~${Math.round(rows).toLocaleString('en-US')}`;

export class ScanGuard implements ScanConsenting {
  /** Per filter and values: why it was refused (a message), or null when it reads no large table whole. */
  private readonly verdicts = new Map<string, Promise<string | null>>();
  /** Per table: the planner's count of its rows; per table and column: whether an index starts with the column. */
  private readonly tableRows = new Map<string, Promise<number>>();
  private readonly indexed = new Map<string, Promise<boolean>>();
  private readonly refused = new Set<string>();
  private readonly allowed = new Set<string>();
  private every = false;

  constructor(
    private readonly session: PgSession,
    private readonly layout: PgLayout,
    readonly limit: number = defaultScanLimit(),
  ) {}

  allowScans(every: boolean): boolean {
    if (every) this.every = true;
    for (const key of this.refused) this.allowed.add(key);
    this.refused.clear();
    return true;
  }

  /**
   * Refuses a filter the planner would serve by reading more than `limit` rows of all or most of tables, unless
   * allowed. The query's count (`counting`: SQL and parameters) is explained once per filter and values: the pages
   * of one filter ask the server once, another range or type is asked about anew.
   */
  async check(filter: ScanFilter, counting: () => { sql: string; values: readonly unknown[] }): Promise<void> {
    const shape = scanShape(filter);
    if (shape === null || this.every || this.allowed.has(shape.key)) return;
    const key = filterKey(filter);
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      const { sql, values } = counting();
      verdict = this.judge(sql, values, shape.parts);
      if (this.verdicts.size >= KEEP_VERDICTS) this.verdicts.delete(this.verdicts.keys().next().value!);
      this.verdicts.set(key, verdict);
      // A plan not read (the server gone, a query cancelled) is asked for again next time.
      verdict.catch(() => this.verdicts.delete(key));
    }
    const refusal = await verdict;
    if (refusal !== null) this.refuse(shape.key, refusal);
  }

  /**
   * Refuses a search that reads `rows` events here, whatever the server's indexes (a condition on payloads stored as
   * bytes is tested in this process), when they are more than `limit`, unless allowed.
   */
  checkRead(filter: ScanFilter, rows: number): void {
    const shape = scanShape(filter);
    if (shape === null || this.every || this.allowed.has(shape.key) || rows <= this.limit) return;
    const table = `${this.layout.schema}.${this.layout.tables[0] ?? 'events'}`;
    this.refuse(shape.key, `This condition reads all ${count(rows)} events of ${table} into Eventlens: payloads stored as bytes are tested here, not on the server.`);
  }

  private refuse(key: string, message: string): never {
    this.refused.add(key);
    throw new JournalError('needs-consent', message);
  }

  private async judge(sql: string, values: readonly unknown[], parts: Part[]): Promise<string | null> {
    // Part of the search it is asked for: a cancel of the search stops it too (it waits on the table's lock as the
    // search would).
    const root = planOf<PlanNode>(await this.session.rows<[string]>(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, values, { search: true }));
    const reads = (await Promise.all(scans(root).map((node) => this.tableRead(node)))).filter((read) => read !== null);
    const total = reads.reduce((sum, read) => sum + read.rows, 0);
    if (total <= this.limit) return null;
    // Small tables read along (a streams table joined in) count, but are not named.
    const named = reads.filter((read) => read.rows >= total / 100).sort((a, b) => b.rows - a.rows);
    const each = named.map((read) => `${read.whole ? 'all ' : ''}${count(read.rows)}${named.length === 1 ? ' rows' : ''} of ${read.schema}.${read.table}`);
    const what = named.length === 1 ? each[0] : `${count(total)} rows (${each.join(', ')})`;
    const why = await Promise.all(parts.map((part) => this.reason(part, named)));
    return `This filter reads ${what}: ${why.join('; ')}.`;
  }

  /**
   * What one scan reads of its table when that is all or most of it: a sequential scan or an index walked with no
   * condition, the whole table; an index scan with nothing left to filter, the rows it finds when they are most of it.
   * Null for a scan that reads a part (or whose share the plan does not say: one with a filter after its index).
   */
  private async tableRead(node: PlanNode): Promise<TableRead | null> {
    const type = node['Node Type'];
    const schema = node.Schema;
    const table = node['Relation Name'];
    if (schema === undefined || table === undefined) return null;
    const whole = type === 'Seq Scan' || ((type === 'Index Scan' || type === 'Index Only Scan') && node['Index Cond'] === undefined);
    if (!whole && node.Filter !== undefined) return null;
    const rows = await this.rowsOf(schema, table);
    if (whole) return { schema, table, alias: node.Alias, rows, whole };
    const found = node['Plan Rows'] ?? 0;
    return found >= rows * MOST ? { schema, table, alias: node.Alias, rows: found, whole } : null;
  }

  /** Why a part of the filter is served by no index, in words, naming the column where the store has one for it. */
  private async reason(part: Part, reads: TableRead[]): Promise<string> {
    if (part === 'category') return 'a category matches stream names by their start, which no index serves here';
    if (part === 'text') return 'no index serves a search of payload text';
    if (part === 'where') return 'no index serves a condition on payload fields';
    const source = sourceColumn(this.layout.relation, part === 'time' ? 'time' : 'type');
    // A partition's scan is aliased as its parent's with a number (m_1).
    const read = source && reads.find(({ alias }) => alias === source.alias || alias?.startsWith(`${source.alias}_`));
    const what = part === 'time' ? 'its time range' : 'its event types';
    if (!source || !read) return `no index serves ${what}`;
    const place = `${read.schema}.${read.table}(${source.column})`;
    return (await this.hasIndex(read.schema, read.table, source.column)) ? `the index on ${place} does not serve ${what}` : `no index on ${place}`;
  }

  /** The planner's count of a table's rows (its own estimate, also for a table never analyzed). */
  private rowsOf(schema: string, table: string): Promise<number> {
    const key = `${schema}.${table}`;
    let rows = this.tableRows.get(key);
    if (rows === undefined) {
      rows = this.session
        .rows<[string]>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ONLY ${ident(schema)}.${ident(table)}`)
        .then((answer) => planOf<{ 'Plan Rows'?: number }>(answer)['Plan Rows'] ?? 0);
      this.tableRows.set(key, rows);
      rows.catch(() => this.tableRows.delete(key));
    }
    return rows;
  }

  /** Whether a valid index of the table starts with the column. */
  private hasIndex(schema: string, table: string, column: string): Promise<boolean> {
    const key = `${schema}.${table}.${column}`;
    let found = this.indexed.get(key);
    if (found === undefined) {
      found = this.session
        .rows<[boolean]>(
          `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
             JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
             WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND i.indisvalid)`,
          [schema, table, column],
        )
        .then((answer) => answer[0]?.[0] === true);
      this.indexed.set(key, found);
      found.catch(() => this.indexed.delete(key));
    }
    return found;
  }
}

/** The top node of EXPLAIN (FORMAT JSON)'s one row (json comes as text: pg-session.ts). */
function planOf<T>(answer: [string][]): T {
  return (JSON.parse(answer[0]![0]) as [{ Plan: T }])[0].Plan;
}

/** The plan's nodes that read a table (sequential, index and bitmap heap scans; parallel ones too). */
function scans(node: PlanNode): PlanNode[] {
  const own = ['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'].includes(node['Node Type'] ?? '') ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

/**
 * The table column behind one of the relation's columns, where the layout's SELECT takes it straight from one
 * (`m.type AS type`, `(m.time AT TIME ZONE 'UTC') AS time`, `e.type::text AS type`); null for one it computes.
 */
export function sourceColumn(relation: string, name: 'time' | 'type'): { alias: string; column: string } | null {
  const found = new RegExp(String.raw`[\s(,](\w+)\.("?)(\w+)\2(?:::\w+)?(?: AT TIME ZONE 'UTC'\))? AS ${name}\b`).exec(relation);
  return found === null ? null : { alias: found[1]!, column: found[3]! };
}
