// Small journals on disk for the Electron shell's tests (the built sample lives in dist/, which tests do not need).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShellFixtures {
  dir: string;
  /** Three events in two streams, NDJSON. */
  journal: string;
  /** A second journal, one stream. */
  other: string;
  /** Not a journal: opening it is an error the user must see. */
  broken: string;
}

const line = (position: number, stream: string, version: number, type: string, data: object): string =>
  JSON.stringify({ position, stream, version, type, time: `2026-01-0${position}T10:00:00.000Z`, data, metadata: {} });

export function writeShellFixtures(): ShellFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'eventlens-shell-'));
  const journal = join(dir, 'orders.ndjson');
  writeFileSync(
    journal,
    [
      line(1, 'order-1', 1, 'order_placed', { total: 10 }),
      line(2, 'order-2', 1, 'order_placed', { total: 5 }),
      line(3, 'order-1', 2, 'order_paid', { paid: true }),
    ].join('\n') + '\n',
  );
  const other = join(dir, 'accounts.ndjson');
  writeFileSync(other, line(1, 'account-1', 1, 'account_opened', { balance: 0 }) + '\n');
  const broken = join(dir, 'broken.db');
  writeFileSync(broken, 'this is not a journal');
  return { dir, journal, other, broken };
}
