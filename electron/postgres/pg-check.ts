// "Test" in Connect to database…: reach the server, recognise the store, say what it has, and let go.
import type { ConnectionCheck } from '../../shared/model.js';
import { detectLayout } from './pg-detect.js';
import { PgSession } from './pg-session.js';
import { parsePgTarget } from './pg-target.js';

export async function checkConnection(url: string, password: string | undefined): Promise<ConnectionCheck> {
  const target = parsePgTarget(url);
  const session = await PgSession.open(target, password);
  try {
    const layout = await detectLayout(session);
    const [[version, readOnly]] = (await session.rows<[string, string]>(
      `SELECT split_part(version(), ' ', 1) || ' ' || current_setting('server_version'), current_setting('transaction_read_only')`,
    )) as [[string, string]];
    return { name: target.name, format: layout.id, store: layout.title, schema: layout.schema, parts: layout.parts, server: version, readOnly: readOnly === 'on' };
  } finally {
    await session.close();
  }
}
