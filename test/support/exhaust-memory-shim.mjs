// Loaded with `node --import` into a forked service process started with a small --max-old-space-size: a call to
// open a journal named exhaust-memory.ndjson makes the process allocate until V8's heap limit ends it, for real
// (V8's "JavaScript heap out of memory", then abort), as a journal too big for the service's memory would. The call
// never reaches the service: this listener runs first and does not return.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('message', (message) => {
    const path = message?.kind === 'call' ? message.argument?.path : undefined;
    if (typeof path !== 'string' || !path.endsWith('exhaust-memory.ndjson')) return;
    const hoard = [];
    for (;;) hoard.push(new Array(100_000).fill(hoard.length));
  });
}
