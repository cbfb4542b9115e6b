// Build step: writes the sample journal as NDJSON to dist/sample/ so it ships with the app.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSampleEvents } from './sample-journal.js';
import { SAMPLE_JOURNAL_PATH } from './sample-path.js';

const events = generateSampleEvents();
mkdirSync(dirname(SAMPLE_JOURNAL_PATH), { recursive: true });
writeFileSync(SAMPLE_JOURNAL_PATH, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
console.log(`sample journal: ${events.length} events -> ${SAMPLE_JOURNAL_PATH}`);
