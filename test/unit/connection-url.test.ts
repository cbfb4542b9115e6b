// Connect to database…: the connection URL and its fields made from each other, the password always kept apart.
import { describe, expect, it } from 'vitest';
import { connectionUrl, emptyFields, isLiveStore, parseConnectionUrl } from '../../renderer/lib/connection-url.js';

describe('connection URL', () => {
  it('fills the fields from a URL, options included', () => {
    const parsed = parseConnectionUrl('postgres://ada@db.example:6543/bank?schema=events&sslmode=require&application_name=x');
    expect(parsed?.fields).toEqual({ host: 'db.example', port: '6543', database: 'bank', user: 'ada', schema: 'events', sslmode: 'require' });
    expect(parsed?.options).toEqual([['application_name', 'x']]);
    expect(parsed?.password).toBeNull();
  });

  it('takes a password out of the URL, even one with characters a URL escapes', () => {
    const parsed = parseConnectionUrl('postgresql://ada:s3cr@t?#x@127.0.0.1:5432/bank?schema=public');
    expect(parsed?.password).toBe('s3cr@t?#x');
    expect(parsed?.url).toBe('postgresql://ada@127.0.0.1:5432/bank?schema=public');
    expect(parseConnectionUrl('postgres://:p%40ss@h/db')).toMatchObject({ password: 'p@ss', url: 'postgres://h/db' });
  });

  it('does not show a password typed before its "@" as the port', () => {
    expect(parseConnectionUrl('postgres://ada:hunt')?.fields.port).toBe('5432');
  });

  it('makes the URL from the fields the way the service names a store', () => {
    const fields = { ...emptyFields(), host: '::1', database: 'my db', user: 'a@b', schema: 'events', sslmode: 'disable' };
    expect(connectionUrl(fields, [['application_name', 'x']])).toBe('postgres://a%40b@[::1]:5432/my%20db?schema=events&sslmode=disable&application_name=x');
    expect(connectionUrl(emptyFields())).toBe('');
    const again = parseConnectionUrl(connectionUrl(fields));
    expect(again?.fields).toEqual(fields);
  });

  it('tells a live store from a file', () => {
    expect(isLiveStore('POSTGRES://h/db')).toBe(true);
    expect(isLiveStore('/tmp/postgres.ndjson')).toBe(false);
  });
});
