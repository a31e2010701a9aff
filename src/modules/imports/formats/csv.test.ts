import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { columnNames, decodeText, readCsv, SAMPLE_BYTES, sniffDelimiter, sniffEncoding } from './csv.js';
import type { FormatOptions, SourceRecord } from './types.js';

/** A stream of the bytes cut at the given offsets, as a network or disk would deliver them. */
function streamOf(bytes: Buffer | string, cuts: number[] = []): Readable {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, buf.length]) {
    chunks.push(buf.subarray(start, cut));
    start = cut;
  }
  return Readable.from(chunks.filter((c) => c.length > 0));
}

async function read(
  bytes: Buffer | string,
  options: Partial<FormatOptions> = {},
  cuts: number[] = [],
): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of readCsv(streamOf(bytes, cuts), { kind: 'csv', ...options })) out.push(record);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('sniffDelimiter', () => {
  it('finds comma, semicolon, tab and pipe', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('ignores delimiters inside quotes and prefers the consistent one', () => {
    expect(sniffDelimiter('"a,b,c";d\n"x,y,z";1\n')).toBe(';');
    expect(sniffDelimiter('name;city\n"Smith, J";Paris\n"Doe, A";Rome\n')).toBe(';');
  });

  it('falls back to a comma for a single column', () => {
    expect(sniffDelimiter('name\nAda\n')).toBe(',');
  });
});

describe('columnNames', () => {
  it('trims, names empty columns by position and numbers repeats', () => {
    expect(columnNames([' id ', '', 'Name', 'Name', 'name', '  ', 'Name'])).toEqual([
      'id',
      'column_2',
      'Name',
      'Name_2',
      'name',
      'column_6',
      'Name_3',
    ]);
  });

  it('keeps names unique when a numbered name already exists', () => {
    expect(columnNames(['a', 'a_2', 'a'])).toEqual(['a', 'a_2', 'a_3']);
    expect(columnNames(['a_2', 'a', 'a'])).toEqual(['a_2', 'a', 'a_3']);
  });

  it('never produces __proto__', () => {
    expect(columnNames(['__proto__', 'x'])).toEqual(['column_1', 'x']);
  });
});

describe('decodeText', () => {
  const collect = async (bytes: Buffer, cuts: number[] = [], encoding?: 'utf-8' | 'latin1') => {
    let text = '';
    for await (const piece of decodeText(streamOf(bytes, cuts), encoding)) text += piece;
    return text;
  };

  it('sniffs UTF-8 and Windows-1252', () => {
    expect(sniffEncoding(Buffer.from('café €', 'utf8'))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('latin1');
    // A sample cut inside a character is still UTF-8 when more of the file follows.
    expect(sniffEncoding(Buffer.from('caf\u00e9', 'utf8').subarray(0, 4), false)).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0xe9, 0x61]), false)).toBe('latin1');
  });

  it('decodes Latin-1 bytes as Windows-1252 (0x80 is the euro sign)', async () => {
    expect(await collect(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80]))).toBe('café €');
  });

  it('decodes a multi-byte character cut between chunks, beyond the sample', async () => {
    const bytes = Buffer.concat([Buffer.alloc(SAMPLE_BYTES + 10, 'a'), Buffer.from('é€x', 'utf8')]);
    const text = await collect(bytes, [SAMPLE_BYTES + 11, SAMPLE_BYTES + 13]);
    expect(text.endsWith('aé€x')).toBe(true);
  });

  it('refuses invalid UTF-8 after the sample rather than replacing it', async () => {
    const bytes = Buffer.concat([Buffer.alloc(SAMPLE_BYTES, 'a'), Buffer.from([0xe9, 0x0a])]);
    const err = await failure(collect(bytes, [SAMPLE_BYTES]));
    expect(err.code).toBe('IMPORT_FILE_MALFORMED');
    expect(err.message).toContain('latin1');
  });

  it('drops a BOM', async () => {
    expect(await collect(Buffer.from('\uFEFFa,b', 'utf8'), [1])).toBe('a,b');
  });
});

describe('readCsv', () => {
  it('reads rows as text values, numbered from 1 in file order', async () => {
    const records = await read('id,name,qty\n1,Ada,3\n2,Bob,0\n');
    expect(records).toEqual([
      { row: 1, values: { id: '1', name: 'Ada', qty: '3' } },
      { row: 2, values: { id: '2', name: 'Bob', qty: '0' } },
    ]);
  });

  it('reads semicolon, tab and pipe files and honours an explicit delimiter', async () => {
    expect((await read('a;b\n1;2\n'))[0]?.values).toEqual({ a: '1', b: '2' });
    expect((await read('a\tb\n1\t2\n'))[0]?.values).toEqual({ a: '1', b: '2' });
    expect((await read('a|b\n1|2\n'))[0]?.values).toEqual({ a: '1', b: '2' });
    expect((await read('a;b,c\n1,5;2\n', { delimiter: ',' }))[0]?.values).toEqual({ 'a;b': '1', c: '5;2' });
  });

  it('keeps quoted delimiters, doubled quotes and line breaks inside fields', async () => {
    const text = 'name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nDoe,plain\r\n';
    const records = await read(text, {}, [14, 31, 32]);
    expect(records.map((r) => r.values)).toEqual([
      { name: 'Smith, J', note: 'said "hi"\r\nthen left' },
      { name: 'Doe', note: 'plain' },
    ]);
  });

  it('honours another quote character', async () => {
    const records = await read("a,b\n'x,y',2\n", { quote: "'" });
    expect(records[0]?.values).toEqual({ a: 'x,y', b: '2' });
  });

  it('reads LF, CRLF and CR line endings alike, even with CRLF cut between chunks', async () => {
    const expected = [
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ];
    expect((await read('a,b\n1,2\n3,4')).map((r) => r.values)).toEqual(expected);
    expect((await read('a,b\r\n1,2\r\n3,4\r\n', {}, [4, 9])).map((r) => r.values)).toEqual(expected);
    expect((await read('a,b\r1,2\r3,4\r')).map((r) => r.values)).toEqual(expected);
  });

  it('strips a UTF-8 BOM from the first column name', async () => {
    const records = await read(Buffer.from('\uFEFFid,name\n1,Ada\n', 'utf8'), {}, [2]);
    expect(Object.keys(records[0]?.values ?? {})).toEqual(['id', 'name']);
  });

  it('decodes a character split between chunks', async () => {
    const bytes = Buffer.from('city\nMünchen\n', 'utf8');
    const inside = bytes.indexOf(0xc3) + 1;
    expect((await read(bytes, {}, [inside]))[0]?.values).toEqual({ city: 'München' });
  });

  it('reads Latin-1 files, sniffed or declared', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name;price\nCaf'),
      Buffer.from([0xe9]),
      Buffer.from(';5 '),
      Buffer.from([0x80, 0x0a]),
    ]);
    expect((await read(bytes))[0]?.values).toEqual({ name: 'Café', price: '5 €' });
    expect((await read(bytes, { encoding: 'latin1' }))[0]?.values).toEqual({ name: 'Café', price: '5 €' });
  });

  it('refuses declared UTF-8 that is not', async () => {
    const err = await failure(read(Buffer.from([0x61, 0x0a, 0xe9, 0x0a]), { encoding: 'utf-8' }));
    expect(err.code).toBe('IMPORT_FILE_MALFORMED');
  });

  it('starts at headerRow, skipping the lines above it', async () => {
    const records = await read('Export of 2026-12-01\n\nid,name\n1,Ada\n', { headerRow: 3 });
    expect(records).toEqual([{ row: 1, values: { id: '1', name: 'Ada' } }]);
  });

  it('sniffs the delimiter from the header row on, not from a title above it', async () => {
    const records = await read('Lanes, December 2026\r\n\r\nfrom;to\r\nHAM;SHA\r\n', { headerRow: 3 });
    expect(records).toEqual([{ row: 1, values: { from: 'HAM', to: 'SHA' } }]);
  });

  it('skips blank lines without using row numbers, the same on every read', async () => {
    const text = 'a,b\n\n1,2\n   \n,\n\r\n3,4\n\n';
    const first = await read(text);
    const second = await read(text, {}, [3, 5, 11]);
    expect(first).toEqual([
      { row: 1, values: { a: '1', b: '2' } },
      { row: 2, values: { a: '3', b: '4' } },
    ]);
    expect(second).toEqual(first);
  });

  it('fills missing trailing fields with empty strings', async () => {
    expect((await read('a,b,c\n1\n'))[0]).toEqual({ row: 1, values: { a: '1', b: '', c: '' } });
  });

  it('turns a line with more fields than the header into a record with a problem, and goes on', async () => {
    const records = await read('a,b\n1,2\n3,"4,x",5\n6,7\n');
    expect(records).toHaveLength(3);
    expect(records[1]).toMatchObject({ row: 2, values: { _raw: '3,"4,x",5' } });
    expect(records[1]?.problem).toMatch(/line 3 has 3 fields but the header has 2/i);
    expect(records[2]).toEqual({ row: 3, values: { a: '6', b: '7' } });
  });

  it('names the same line for a problem however the bytes are cut', async () => {
    const text = 'a,b\r\n\r\n"x\r\ny",2\r\n\r\n3,4,5\r\n6,7';
    for (let cut = 1; cut < text.length; cut++) {
      const records = await read(text, {}, [cut]);
      expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
      expect(records[1]?.problem).toBe('Line 6 has 3 fields but the header has 2.');
    }
    const lf = await read('t\n\nh,i\n"p\nq",1\n\n1,2,3', { headerRow: 3 });
    expect(lf[1]?.problem).toBe('Line 7 has 3 fields but the header has 2.');
    const cr = await read('h,i\r\r1,2,3\r');
    expect(cr[0]?.problem).toBe('Line 3 has 3 fields but the header has 2.');
  });

  it('names the line of a quote that is never closed', async () => {
    const err = await failure(read('a,b\n1,2\n3,"never\nclosed\n'));
    expect(err.code).toBe('IMPORT_FILE_MALFORMED');
    expect(err.details).toEqual({ line: 3 });
    expect(err.message).toContain('line 3');
    for (const [text, line] of [
      ['a,b\r\n1,2\r\n3,"never\r\nclosed\r\n', 3],
      ['a,b\r\n"x\r\ny",2\r\n\r\n3,"never\r\nclosed', 5],
      ['a,b\r"x\ry",2\r\r3,"never\rclosed\r', 5],
    ] as const) {
      expect((await failure(read(text, {}, [text.length - 3]))).details).toEqual({ line });
    }
  });

  it('refuses an empty file, a header-only file and a file of blank lines', async () => {
    expect((await failure(read(''))).code).toBe('IMPORT_FILE_EMPTY');
    expect((await failure(read('a,b\n'))).code).toBe('IMPORT_NO_ROWS');
    expect((await failure(read('\n\n  \n'))).code).toBe('IMPORT_NO_ROWS');
  });

  it('streams 100k rows without holding them, and lets the consumer stop early', async () => {
    const rows = 100_000;
    const line = (i: number) => `${i},carrier ${i % 50},"note, ${i}",${(i * 1.5).toFixed(2)}\n`;
    async function* generate() {
      yield Buffer.from('id,carrier,note,amount\n');
      for (let i = 1; i <= rows; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) chunk += line(j);
        yield Buffer.from(chunk);
      }
    }
    let pulled = 0;
    const source = Readable.from(
      (async function* () {
        for await (const chunk of generate()) {
          pulled++;
          yield chunk;
        }
      })(),
    );
    let count = 0;
    let last: SourceRecord | undefined;
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    for await (const record of readCsv(source, { kind: 'csv' })) {
      count++;
      last = record;
      if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(rows);
    expect(last).toEqual({
      row: rows,
      values: { id: '100000', carrier: 'carrier 0', note: 'note, 100000', amount: '150000.00' },
    });
    // The file is ~4 MB of text and ~100k objects; holding them all would take well over 40 MB.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
    expect(pulled).toBe(101);

    // Stopping after a few records leaves most of the file unread.
    pulled = 0;
    const again = Readable.from(
      (async function* () {
        for await (const chunk of generate()) {
          pulled++;
          yield chunk;
        }
      })(),
    );
    for await (const record of readCsv(again, { kind: 'csv' })) if (record.row === 5) break;
    expect(pulled).toBeLessThan(30);
    expect(again.destroyed).toBe(true);
  });
});
