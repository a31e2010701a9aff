import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { AppError } from '../../../lib/errors.js';
import { decodeText } from './csv.js';
import type { FormatOptions, Reader, RecordObject, RecordValue, SourceRecord } from './types.js';

/**
 * JSON documents (an array of records, at the top or at a dotted path inside the top-level
 * object) and NDJSON (one record a line). Both stream: an element is handed on and forgotten
 * as soon as it is parsed, so a document of any length is read in bounded memory.
 */

/** Reads the array of records of a JSON document; an element that is not an object is a record with a problem. */
export const readJson: Reader = (input, options) => jsonRecords(input, options);

/** Reads NDJSON (JSON Lines): a line that is not a JSON object is a record with a problem; blank lines are skipped. */
export const readNdjson: Reader = (input, options) => ndjsonRecords(input, options);

async function* jsonRecords(input: Readable, options: FormatOptions): AsyncGenerator<SourceRecord> {
  const path = options.records?.split('.').filter(Boolean) ?? [];
  const where = path.length ? `\`${path.join('.')}\`` : 'the top level';
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: [['$', ...path, '*'].join('.')], keepStack: false });
  let first: TokenType | undefined;
  const parsed: SourceRecord[] = [];
  let row = 0;
  tokenizer.onToken = (token) => {
    if (first === undefined) {
      first = token.token;
      const wanted = path.length ? TokenType.LEFT_BRACE : TokenType.LEFT_BRACKET;
      if (first !== wanted) {
        throw malformed(
          path.length
            ? `The document is not an object, so it has no \`${path.join('.')}\`.`
            : 'The document is not an array of records: if the records are inside an object, name their array with `records` (e.g. "data.items").',
        );
      }
    }
    parser.write(token);
  };
  parser.onValue = ({ value, key }) => {
    if (typeof key !== 'number') {
      throw malformed(`The records at ${where} are not an array.`);
    }
    row++;
    parsed.push(asRecord(row, value ?? null, `Element ${row} of ${where}`, JSON.stringify(value)));
  };
  const feed = (write: () => void): void => {
    try {
      write();
    } catch (err) {
      throw err instanceof AppError
        ? err
        : malformed(`The file is not valid JSON: ${(err as Error).message}`);
    }
  };

  try {
    for await (const text of decodeText(input, options.encoding)) {
      feed(() => tokenizer.write(text));
      yield* parsed.splice(0);
    }
    feed(() => {
      tokenizer.end();
      if (first !== undefined && !parser.isEnded) parser.end();
    });
    yield* parsed.splice(0);
  } finally {
    // The reader owns its input: stopping early must not leave the file open.
    input.destroy();
  }
  if (row === 0) {
    throw new AppError(
      'IMPORT_NO_ROWS',
      first === undefined ? 'The file holds no JSON.' : `The file holds no records at ${where}.`,
    );
  }
}

async function* ndjsonRecords(input: Readable, options: FormatOptions): AsyncGenerator<SourceRecord> {
  const lines = createInterface({
    input: Readable.from(decodeText(input, options.encoding)),
    crlfDelay: Infinity,
  });
  let line = 0;
  let row = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      row++;
      let value: RecordValue;
      try {
        value = JSON.parse(text) as RecordValue;
      } catch (err) {
        yield { row, values: { _raw: text }, problem: `Line ${line} is not JSON: ${(err as Error).message}` };
        continue;
      }
      yield asRecord(row, value, `Line ${line}`, text);
    }
  } finally {
    // The reader owns its input: stopping early must not leave the file open.
    lines.close();
    input.destroy();
  }
  if (row === 0) throw new AppError('IMPORT_NO_ROWS', 'The file holds no records: every line is blank.');
}

function asRecord(row: number, value: RecordValue, what: string, raw: string): SourceRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { row, values: value as RecordObject };
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { row, values: { _raw: raw }, problem: `${what} is ${kind}, not an object.` };
}

function malformed(message: string): AppError {
  return new AppError('IMPORT_FILE_MALFORMED', message);
}
