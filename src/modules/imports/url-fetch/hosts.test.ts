import { describe, expect, it } from 'vitest';
import { describeUrl, isAllowListed, vetUrl } from './hosts.js';

const open = { allowHosts: [], allowHttp: false };
const refusal = { code: 'IMPORT_URL_REFUSED' };

describe('URL rules before DNS', () => {
  it('accepts an https URL and reports its host and port', () => {
    const vetted = vetUrl('https://Files.Example.com./a/b.csv?x=1', open);
    expect(vetted).toMatchObject({ host: 'files.example.com', port: 443, allowListed: false, literal: null });
    expect(vetUrl('https://[::1]:8443/', open)).toMatchObject({
      host: '::1',
      port: 8443,
      literal: 'loopback',
    });
    // WHATWG URL parsing turns odd IPv4 spellings into the dotted form first.
    expect(vetUrl('https://2130706433/', open).literal).toBe('loopback');
    expect(vetUrl('https://0x7f.1/', open).literal).toBe('loopback');
  });

  it('refuses other schemes, credentials and metadata names, without echoing the query', () => {
    for (const url of ['ftp://example.com/a', 'file:///etc/passwd', 'data:text/csv,a', 'gopher://x/']) {
      expect(() => vetUrl(url, open)).toThrow(expect.objectContaining(refusal));
    }
    let message = '';
    try {
      vetUrl('https://alice:hunter2@example.com/f.csv?token=s3cret', open);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('https://example.com/f.csv');
    expect(message).not.toMatch(/hunter2|s3cret|alice/);
    for (const url of [
      'https://metadata.google.internal/x',
      'https://METADATA.GOOGLE.INTERNAL./',
      'https://metadata/',
    ]) {
      expect(() =>
        vetUrl(url, { allowHosts: ['metadata.google.internal', 'metadata'], allowHttp: true }),
      ).toThrow(expect.objectContaining(refusal));
    }
    expect(() => vetUrl('not a url ?token=s3cret', open)).toThrow(/not a valid absolute URL\.$/);
  });

  it('allows http: only for an allow-listed host and only when the option says so', () => {
    expect(() => vetUrl('http://example.com/', open)).toThrow(expect.objectContaining(refusal));
    const listed = { allowHosts: ['example.com'], allowHttp: false };
    expect(() => vetUrl('http://example.com/', listed)).toThrow(expect.objectContaining(refusal));
    expect(vetUrl('http://example.com/', { ...listed, allowHttp: true })).toMatchObject({
      port: 80,
      allowListed: true,
    });
    expect(() => vetUrl('http://other.com/', { ...listed, allowHttp: true })).toThrow(
      expect.objectContaining(refusal),
    );
  });

  it('matches allow-list entries exactly or by *.suffix', () => {
    const hosts = ['files.corp', '*.intra.example', '127.0.0.1', '::1'];
    expect(isAllowListed('files.corp', hosts)).toBe(true);
    expect(isAllowListed('FILES.CORP.', hosts)).toBe(true);
    expect(isAllowListed('x.files.corp', hosts)).toBe(false);
    expect(isAllowListed('a.intra.example', hosts)).toBe(true);
    expect(isAllowListed('a.b.intra.example', hosts)).toBe(true);
    expect(isAllowListed('intra.example', hosts)).toBe(false);
    expect(isAllowListed('evilintra.example', hosts)).toBe(false);
    expect(isAllowListed('127.0.0.1', hosts)).toBe(true);
    expect(isAllowListed('[::1]', hosts)).toBe(true);
    expect(isAllowListed('127.0.0.2', hosts)).toBe(false);
  });

  it('describes a URL without user info, query or fragment', () => {
    expect(describeUrl(new URL('https://u:p@h.example:8443/p/q.csv?sig=abc#frag'))).toBe(
      'https://h.example:8443/p/q.csv',
    );
  });
});
