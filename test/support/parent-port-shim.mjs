// Loaded with `node --import` into a forked child, this makes the child look like an Electron utility process to
// its entry: `process.parentPort` ('message' events carrying { data }, postMessage) and no `process.send`, so
// service-process.js takes its Electron path. Like Electron, the child ends when its parent goes away.
// Worker threads inherit --import: they have no channel to a parent, and are left alone.
import { EventEmitter } from 'node:events';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.send !== undefined) {
  const send = process.send.bind(process);
  const port = new EventEmitter();
  port.postMessage = (message) => void send(message, undefined, undefined, () => {});
  process.on('message', (data) => port.emit('message', { data, ports: [] }));
  process.on('disconnect', () => process.exit(0));
  process.parentPort = port;
  delete process.send;
}
