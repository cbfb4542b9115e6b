import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server.js';
import type { RunningHost } from '../../electron/host/server.js';
import { resolveInside } from '../../electron/host/static-files.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Raw HTTP, so tests can send what a browser never would: a foreign Host header, a traversal path. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The session id of the one tab these requests stand for. */
const TAB = 'tab-one-0123456789abcdef';
const folder = tempFolder();
let host: RunningHost;
let auth: Record<string, string>;

beforeAll(async () => {
  const renderer = join(folder.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Eventlens</title>');
  writeFileSync(join(folder.path, 'secret.txt'), 'outside the renderer');
  const journal = writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS);
  host = await startHost({ rendererDir: renderer, samplePath: journal, journal, recentFile: null });
  auth = { Authorization: `Bearer ${host.token}`, 'X-Eventlens-Session': TAB };
});
afterAll(async () => {
  await host.close();
  folder.remove();
});

describe('the browser host', () => {
  it('listens on 127.0.0.1 and prints an address carrying its token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict CSP', async () => {
    const answer = await send(host.port, { path: '/' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>Eventlens</title>');
    expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers API calls that carry the token', async () => {
    const answer = await send(host.port, { method: 'POST', path: '/api/summary', headers: auth, body: '{}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { name: 'bank.ndjson', events: 7 } });
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer nope' }, { Authorization: `Bearer ${host.token}x` }, { Authorization: host.token }]) {
      const answer = await send(host.port, { method: 'POST', path: '/api/streams', headers, body: '{}' });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('refuses requests whose Host is not the loopback address (DNS rebinding)', async () => {
    for (const hostHeader of ['evil.example:80', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`]) {
      const answer = await send(host.port, { method: 'POST', path: '/api/summary', headers: { ...auth, Host: hostHeader }, body: '{}' });
      expect(answer.status).toBe(403);
      expect((await send(host.port, { path: '/', headers: { Host: hostHeader } })).status).toBe(403);
    }
    expect((await send(host.port, { path: '/', headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuses calls from another origin', async () => {
    const answer = await send(host.port, { method: 'POST', path: '/api/summary', headers: { ...auth, Origin: 'http://evil.example' }, body: '{}' });
    expect(answer.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/x/../../secret.txt']) {
      const answer = await send(host.port, { path });
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('outside the renderer');
    }
    expect(resolveInside('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/%2e%2e%2fetc')).toBeNull();
    expect(resolveInside('/srv/app', '/a/b.js')).toBe('/srv/app/a/b.js');
  });

  it('lists no folder and answers no CORS preflight', async () => {
    mkdirSync(join(folder.path, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(folder.path, 'renderer', 'assets', 'app.js'), 'void 0;');
    for (const path of ['/assets/', '/assets', '/assets/?token=' + host.token]) {
      const answer = await send(host.port, { path, headers: auth });
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('app.js');
    }
    const preflight = await send(host.port, {
      method: 'OPTIONS',
      path: '/api/summary',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    for (const header of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-allow-credentials']) {
      expect(preflight.headers[header]).toBeUndefined();
    }
  });

  it('rejects unknown methods, bad JSON and oversized bodies with a reply, not a crash', async () => {
    const unknown = await send(host.port, { method: 'POST', path: '/api/deleteEverything', headers: auth, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'Unknown method "deleteEverything".' } });
    const badJson = await send(host.port, { method: 'POST', path: '/api/streams', headers: auth, body: '{not json' });
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const huge = await send(host.port, { method: 'POST', path: '/api/streams', headers: auth, body: JSON.stringify({ filter: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect((await send(host.port, { method: 'GET', path: '/api/summary', headers: auth })).status).toBe(405);
  });

  it('opens an uploaded journal from a copy, under its own name', async () => {
    const body = BANK_EVENTS.slice(0, 3).map((e) => JSON.stringify(e)).join('\n');
    const answer = await send(host.port, { method: 'POST', path: '/upload?name=' + encodeURIComponent('../../up.ndjson'), headers: auth, body });
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { name: 'up.ndjson', events: 3 } });
    const refused = await send(host.port, { method: 'POST', path: '/upload?name=x.ndjson', body });
    expect(refused.status).toBe(401);
  });
});
