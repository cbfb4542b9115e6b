// Recognising a store by its tables: names and columns compared the loose way stores spell them.
import { findColumn, findTable, quote } from '../../sqlite-open.js';
import type { Tables } from '../types.js';

/** The table's declared name when it exists with every one of `columns`, else undefined. */
export function tableWith(tables: Tables, table: string, columns: readonly string[]): string | undefined {
  const found = findTable(tables, table);
  if (found === undefined) return undefined;
  return columns.every((column) => findColumn(tables, found, column) !== undefined) ? found : undefined;
}

export function hasColumn(tables: Tables, table: string, column: string): boolean {
  return findColumn(tables, table, column) !== undefined;
}

/**
 * The column as an expression for a SELECT (`alias."column"`, as the table declares it), or NULL when the table lacks
 * it: for columns a store's schema has without the layout needing them to recognise it, such as the event id.
 */
export function columnOrNull(tables: Tables, table: string, column: string, alias?: string): string {
  const found = findColumn(tables, table, column);
  if (found === undefined) return 'NULL';
  return alias === undefined ? quote(found) : `${alias}.${quote(found)}`;
}
