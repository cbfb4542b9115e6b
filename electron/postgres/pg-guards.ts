// Whether a store guards its history against UPDATE and DELETE where it can be seen: triggers (Commanded raises on
// both since 1.2) or rules (Commanded before 1.2: DO INSTEAD NOTHING). Read from pg_catalog, which a read-only role
// sees in full (information_schema.triggers lists only tables the role may write). Said as an info finding.
import type { Finding } from '../../shared/model.js';
import type { PgLayout } from './pg-layouts.js';
import type { PgSession } from './pg-session.js';

/** pg_trigger.tgtype bits. */
const BEFORE = 2;
const ON_DELETE = 8;
const ON_UPDATE = 16;

export async function historyGuards(session: PgSession, layout: PgLayout): Promise<Finding[]> {
  const [triggers, rules] = await Promise.all([
    session.rows<[string, string, number]>(
      `SELECT c.relname, t.tgname, t.tgtype FROM pg_catalog.pg_trigger t
       JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND NOT t.tgisinternal AND t.tgenabled <> 'D'
       ORDER BY c.relname, t.tgname`,
      [layout.schema, layout.tables],
    ),
    session.rows<[string, string, string]>(
      `SELECT tablename::text, rulename::text, definition FROM pg_catalog.pg_rules WHERE schemaname = $1 AND tablename = ANY($2::text[]) ORDER BY 1, 2`,
      [layout.schema, layout.tables],
    ),
  ]);
  const guards: string[] = [];
  for (const [table, name, type] of triggers) {
    if ((type & BEFORE) === 0 || (type & (ON_UPDATE | ON_DELETE)) === 0) continue;
    const on = [type & ON_UPDATE ? 'UPDATE' : '', type & ON_DELETE ? 'DELETE' : ''].filter(Boolean).join(' and ');
    guards.push(`trigger ${name} before ${on} on ${table}`);
  }
  for (const [table, name, definition] of rules) {
    if (/ON (UPDATE|DELETE)\b[\s\S]*DO INSTEAD\s+NOTHING/i.test(definition)) guards.push(`rule ${name} (DO INSTEAD NOTHING) on ${table}`);
  }
  const place = `schema ${layout.schema}`;
  if (guards.length === 0) {
    return [
      {
        severity: 'info',
        kind: 'no-history-guard',
        place,
        message: `${layout.title} declares no trigger or rule against UPDATE or DELETE on ${layout.tables.join(', ')}: only the database's privileges keep its history as written.`,
      },
    ];
  }
  return [{ severity: 'info', kind: 'history-guard', place, message: `${layout.title} guards its history: ${guards.join('; ')}.` }];
}
