// Worker thread entry: builds one cache file from the row batches an import sends (cache-build.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { useSqliteBinding } from '../readers/sqlite-open.js';
import { CacheBuilder } from './cache-builder.js';
import type { BuildMessage, BuildReply } from './cache-build.js';

const input = workerData as { file: string; sqliteBinding?: string };
useSqliteBinding(input.sqliteBinding);
const port = parentPort!;
const reply = (message: BuildReply) => port.postMessage(message);

/** Null once finished or failed: later messages are ignored, and finish() hears of the failure. */
let builder: CacheBuilder | null = null;
try {
  builder = new CacheBuilder(input.file);
} catch (error) {
  reply({ kind: 'failed', message: (error as Error).message });
}

port.on('message', (message: BuildMessage) => {
  if (message.kind === 'abandon') {
    builder?.abandon();
    port.close();
    return;
  }
  const building = builder;
  if (building === null) return;
  try {
    if (message.kind === 'rows') {
      building.addBatch(message.rows);
      reply({ kind: 'added' });
    } else {
      building.finish(message.meta, message.findings, message.overflow, message.snapshots);
      builder = null;
      reply({ kind: 'finished' });
      port.close();
    }
  } catch (error) {
    building.abandon();
    builder = null;
    reply({ kind: 'failed', message: (error as Error).message });
  }
});
