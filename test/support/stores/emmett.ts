// Writes a database with Emmett's own SQLite event store (@event-driven-io/emmett-sqlite), then settles it so the
// file alone holds everything: the client leaves WAL mode on, and readers open the file immutable.
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Event } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import Database from 'better-sqlite3';

export interface EmmettStoreOptions {
  /** Marks the cart stream's messages archived (the client has no call for it; it is a column the store keeps). */
  archiveCart?: boolean;
  /** Replaces the data of global position 3 with broken JSON. */
  badRow?: boolean;
}

export async function writeEmmett(path: string, options: EmmettStoreOptions = {}): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await appendAll(path);
      break;
    } catch (error) {
      // On a loaded machine the client (node-sqlite3 underneath) now and then commits while one of its own statements
      // is still running: "SQLITE_BUSY: cannot commit transaction - SQL statements in progress". Its store is then
      // half written: written again from nothing.
      if (attempt >= 3 || (error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      await sleep(200);
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    }
  }
  await settle(path, (db) => {
    if (options.archiveCart) db.prepare("UPDATE emt_messages SET is_archived = TRUE WHERE stream_id = 'cart-9'").run();
    if (options.badRow) db.prepare("UPDATE emt_messages SET message_data = '{\"name\": \"Ada\", ' WHERE global_position = 3").run();
  });
  return path;
}

async function appendAll(path: string): Promise<void> {
  const store = getSQLiteEventStore({ fileName: path, schema: { autoMigration: 'CreateOrUpdate' } });
  await store.appendToStream('account-1', [
    { type: 'AccountOpened', data: { owner: 'ada', balance: 0 }, metadata: { correlationId: 'c-1' } },
    { type: 'MoneyDeposited', data: { amount: 100 } },
  ]);
  await store.appendToStream('user-1', [{ type: 'UserRegistered', data: { name: 'Ada', tags: ['vip'] } }]);
  // The table holds commands too (message_kind 'C'); the typed API only appends events, hence the cast.
  const command = { type: 'CloseAccount', data: { reason: 'moving' }, kind: 'Command' };
  await store.appendToStream('account-1', [command as unknown as Event]);
  await store.appendToStream('account-1', [{ type: 'MoneyWithdrawn', data: { amount: 60 } }]);
  await store.appendToStream('cart-9', [{ type: 'CartOpened', data: {} }]);
}

/** Checkpoints the WAL into the file; the client's connection closes asynchronously, so wait until it has gone. */
async function settle(path: string, change: (db: Database.Database) => void): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const db = new Database(path);
    try {
      change(db);
      change = () => {};
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    if (!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`)) return;
    await sleep(20);
  }
  throw new Error(`${path}: the Emmett client kept its WAL open`);
}
