// Once before the unit and contract tests: Emmett's PostgreSQL client (its own folder and lockfile, see
// test/support/pg/emmett.ts) is installed here when missing, so test files running at once never install it twice.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function setup(): void {
  const folder = fileURLToPath(new URL('./emmett-postgresql/', import.meta.url));
  if (existsSync(`${folder}node_modules/@event-driven-io/emmett-postgresql/package.json`)) return;
  execFileSync('npm', ['ci', '--prefix', folder, '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 300_000 });
}
