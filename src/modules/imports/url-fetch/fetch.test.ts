import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedPath } from '../storage.js';
import { type FetchOptions, fetchToFile, fetchUrl } from './index.js';

const CSV = 'ref,weight\nA-1,12.5\nA-2,7\n';

// Test names resolve through the resolve option, never through real DNS.
const names: Record<string, readonly string[]> = {
  'files.test': ['127.0.0.1'],
  'other.test': ['127.0.0.2'],
  'wrongname.test': ['127.0.0.1'],
  'mixed.test': ['93.184.215.14', '10.0.0.7'],
  'silent.test': ['127.0.0.1'],
  'nat64.test': ['64:ff9b::7f00:1'],
  'sixtofour.test': ['2002:a00:1::1'],
  'mapped.test': ['::ffff:169.254.169.254'],
  'ula.test': ['2606:4700:4700::1111', 'fd00::1'],
};
const resolvedNames: string[] = [];
const resolve = async (host: string) => {
  resolvedNames.push(host);
  const found = names[host];
  if (!found) throw Object.assign(new Error(`no such test name ${host}`), { code: 'ENOTFOUND' });
  return found;
};

let dir: string;
let ca: string;
let server: Server;
let silent: TcpServer;
let port: number;
let silentPort: number;
const seen: { url: string; host: string | undefined }[] = [];
const sockets = new Set<Socket>();

function routes(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://files.test');
  seen.push({ url: url.pathname, host: req.headers.host });
  switch (url.pathname) {
    case '/exports/loads.csv':
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="May loads.csv"',
      });
      res.end(CSV);
      return;
    case '/plain/rates.csv':
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(CSV.length) });
      res.end(CSV);
      return;
    case '/gzip.csv':
      res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
      res.end(gzipSync(CSV));
      return;
    case '/declared-big':
      res.writeHead(200, { 'content-length': '5000' });
      res.end('x'.repeat(5000));
      return;
    case '/streamed-big': {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= 20 || res.destroyed) {
          clearInterval(timer);
          res.end();
          return;
        }
        sent++;
        res.write('y'.repeat(500));
      }, 5);
      return;
    }
    case '/stall-body':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('z'.repeat(10));
      return;
    case '/stall-headers':
      return;
    case '/cut-short':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('z'.repeat(10), () => req.socket.destroy());
      return;
    case '/missing':
      res.writeHead(404).end('no');
      return;
    case '/to-metadata':
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return;
    case '/to-metadata-https':
      res.writeHead(303, { location: 'https://169.254.169.254/latest/meta-data/' }).end();
      return;
    case '/to-other':
      res.writeHead(301, { location: `https://other.test:${port}/exports/loads.csv` }).end();
      return;
    case '/to-relative/step':
      res.writeHead(307, { location: '../exports/loads.csv?sig=s3cret' }).end();
      return;
    case '/loop':
      res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }).end();
      return;
    default:
      res.writeHead(500).end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-urlfetch-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=files.test',
      '-addext',
      'subjectAltName=DNS:files.test,DNS:other.test,DNS:silent.test,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  ca = await readFile(cert, 'utf8');
  server = createServer({ key: await readFile(key), cert: ca }, routes);
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
  // Accepts TCP and never answers the TLS handshake.
  silent = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([new Promise((done) => server.close(done)), new Promise((done) => silent.close(done))]);
  await rm(dir, { recursive: true, force: true });
});

const options = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  allowHosts: ['files.test', 'wrongname.test', 'silent.test'],
  maxBytes: 1024 * 1024,
  resolve,
  ca,
  connectTimeoutMs: 1000,
  idleTimeoutMs: 500,
  ...extra,
});
const at = (host: string, pathname: string) => `https://${host}:${port}${pathname}`;

describe('fetchUrl against a local HTTPS server', () => {
  it('fetches from an allow-listed host, verifying TLS against the name it was given', async () => {
    resolvedNames.length = 0;
    seen.length = 0;
    const fetched = await fetchUrl(at('files.test', '/exports/loads.csv?sig=abc'), options());
    expect(fetched).toMatchObject({
      fileName: 'May loads.csv',
      contentType: 'text/csv; charset=utf-8',
      finalUrl: `https://files.test:${port}/exports/loads.csv`,
    });
    expect(await text(fetched.body)).toBe(CSV);
    // One DNS question, answered once (the system resolver cannot resolve files.test, so the
    // connection used the vetted answer); the request still named the host.
    expect(resolvedNames).toEqual(['files.test']);
    expect(seen).toEqual([{ url: '/exports/loads.csv', host: `files.test:${port}` }]);
  });

  it('names the file by the URL path without Content-Disposition, and unpacks a gzip body', async () => {
    const plain = await fetchUrl(at('files.test', '/plain/rates.csv'), options());
    expect(plain).toMatchObject({ fileName: 'rates.csv', contentLength: CSV.length });
    await text(plain.body);
    const zipped = await fetchUrl(at('files.test', '/gzip.csv'), options());
    expect(zipped.contentLength).toBeNull();
    expect(await text(zipped.body)).toBe(CSV);
  });

  it('refuses loopback when the host is not allow-listed, before any request is sent', async () => {
    seen.length = 0;
    for (const url of [at('files.test', '/exports/loads.csv'), at('127.0.0.1', '/exports/loads.csv')]) {
      await expect(fetchUrl(url, options({ allowHosts: [] }))).rejects.toMatchObject({
        code: 'IMPORT_URL_REFUSED',
        message: expect.stringContaining('loopback'),
      });
    }
    // The system resolver too: localhost is loopback.
    await expect(
      fetchUrl(`https://localhost:${port}/`, { allowHosts: [], maxBytes: 1000, ca }),
    ).rejects.toMatchObject({ code: 'IMPORT_URL_REFUSED' });
    expect(seen).toEqual([]);
    const literal = await fetchUrl(
      at('127.0.0.1', '/plain/rates.csv'),
      options({ allowHosts: ['127.0.0.1'] }),
    );
    expect(await text(literal.body)).toBe(CSV);
  });

  it.each([
    ['mixed.test', 'private'],
    ['nat64.test', 'loopback'],
    ['sixtofour.test', 'private'],
    ['mapped.test', 'metadata'],
    ['ula.test', 'private'],
  ])('refuses %s: one of the addresses it resolves to is %s', async (host, kind) => {
    await expect(fetchUrl(at(host, '/x'), options())).rejects.toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: `https://${host}:${port}/x resolves to a ${kind} address, which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach.`,
    });
  });

  it('refuses IP literals by their kind', async () => {
    for (const [url, kind] of [
      [`https://[::1]:${port}/`, 'loopback'],
      [`https://[::ffff:7f00:1]:${port}/`, 'loopback'],
      ['https://10.0.0.1/', 'private'],
      ['https://[fe80::1]/', 'link-local'],
    ] as const) {
      await expect(fetchUrl(url, options())).rejects.toMatchObject({
        code: 'IMPORT_URL_REFUSED',
        message: expect.stringContaining(` is a ${kind} address`),
      });
    }
  });

  it('checks every redirect: a metadata address or a host that is not allow-listed is refused', async () => {
    await expect(fetchUrl(at('files.test', '/to-metadata-https'), options())).rejects.toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message:
        'https://169.254.169.254/latest/meta-data/ is a metadata address, which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach.',
    });
    // Not even an allow-list entry opens the metadata service.
    const everything = options({ allowHosts: ['files.test', '169.254.169.254'], allowHttp: true });
    await expect(fetchUrl(at('files.test', '/to-metadata'), everything)).rejects.toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: expect.stringContaining('is a metadata address, which imports never reach'),
    });
    // Without allowHttp the plain-http hop is refused on its scheme alone.
    await expect(fetchUrl(at('files.test', '/to-metadata'), options())).rejects.toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: expect.stringContaining('http: is allowed only for allow-listed hosts'),
    });
    seen.length = 0;
    await expect(fetchUrl(at('files.test', '/to-other'), options())).rejects.toMatchObject({
      code: 'IMPORT_URL_REFUSED',
      message: `https://other.test:${port}/exports/loads.csv resolves to a loopback address, which only hosts in LANEWISE_IMPORT_ALLOW_HOSTS may reach.`,
    });
    expect(seen.map((s) => s.url)).toEqual(['/to-other']);
  });

  it('follows a relative redirect, and gives up after maxRedirects', async () => {
    const fetched = await fetchUrl(at('files.test', '/to-relative/step'), options());
    expect(fetched.finalUrl).toBe(`https://files.test:${port}/exports/loads.csv`);
    expect(await text(fetched.body)).toBe(CSV);
    seen.length = 0;
    await expect(fetchUrl(at('files.test', '/loop'), options({ maxRedirects: 3 }))).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('redirected more than 3 times'),
    });
    expect(seen).toHaveLength(4);
  });

  it('refuses a declared Content-Length over the limit before reading, and cuts a streamed body at it', async () => {
    await expect(
      fetchUrl(at('files.test', '/declared-big'), options({ maxBytes: 1000 })),
    ).rejects.toMatchObject({
      code: 'IMPORT_FILE_TOO_LARGE',
    });
    const streamed = await fetchUrl(at('files.test', '/streamed-big'), options({ maxBytes: 2000 }));
    expect(streamed.contentLength).toBeNull();
    await expect(text(streamed.body)).rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
  });

  it('fails on a non-2xx answer with its status, and never repeats the query', async () => {
    const error = await fetchUrl(at('files.test', '/missing?token=s3cret'), options()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'IMPORT_URL_FAILED', details: { upstreamStatus: 404 } });
    expect((error as Error).message).toBe(
      `https://files.test:${port}/missing answered HTTP 404; the file could not be fetched.`,
    );
  });

  it('times out a server that never finishes the handshake, never answers, or stops mid-body', async () => {
    await expect(
      fetchUrl(`https://silent.test:${silentPort}/`, options({ connectTimeoutMs: 300 })),
    ).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('did not connect within 300 ms'),
    });
    await expect(
      fetchUrl(at('files.test', '/stall-headers'), options({ idleTimeoutMs: 300 })),
    ).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('sent nothing for 300 ms'),
    });
    const stalled = await fetchUrl(at('files.test', '/stall-body'), options({ idleTimeoutMs: 300 }));
    await expect(text(stalled.body)).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('sent nothing for 300 ms'),
    });
  });

  it('ends with the AbortError when the signal aborts, before the request or mid-body', async () => {
    await expect(
      fetchUrl(at('files.test', '/plain/rates.csv'), options({ signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const stalled = await fetchUrl(
      at('files.test', '/stall-body'),
      options({ signal: controller.signal, idleTimeoutMs: 5000 }),
    );
    const reading = text(stalled.body);
    setTimeout(() => controller.abort(), 50);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails on a connection cut short and on a certificate that does not name the host', async () => {
    const cut = await fetchUrl(at('files.test', '/cut-short'), options());
    await expect(text(cut.body)).rejects.toMatchObject({ code: 'IMPORT_URL_FAILED' });
    await expect(fetchUrl(at('wrongname.test', '/plain/rates.csv'), options())).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID'),
    });
    // Without the test CA, the self-signed certificate is not trusted.
    await expect(
      fetchUrl(at('files.test', '/plain/rates.csv'), options({ ca: undefined })),
    ).rejects.toMatchObject({
      code: 'IMPORT_URL_FAILED',
      message: expect.stringContaining('not trusted'),
    });
  });
});

describe('fetchToFile', () => {
  it('streams the body into import storage and reports its size, hash and name', async () => {
    const pulled = await fetchToFile(
      at('files.test', '/exports/loads.csv'),
      { directory: dir, orgId: 3 },
      options(),
    );
    expect(pulled).toMatchObject({
      bytes: CSV.length,
      sha256: createHash('sha256').update(CSV).digest('hex'),
      fileName: 'May loads.csv',
      contentType: 'text/csv; charset=utf-8',
    });
    expect(await readFile(storedPath(dir, pulled.key), 'utf8')).toBe(CSV);
  });

  it('leaves no file behind when the body is too large', async () => {
    await expect(
      fetchToFile(
        at('files.test', '/streamed-big'),
        { directory: dir, orgId: 4 },
        options({ maxBytes: 2000 }),
      ),
    ).rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
    expect(await readdir(path.join(dir, '4'))).toEqual([]);
  });
});
