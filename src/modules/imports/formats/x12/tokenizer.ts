import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../../lib/errors.js';

/** The delimiters an interchange declares in its fixed-length ISA segment. */
export interface Delimiters {
  readonly element: string;
  readonly segment: string;
  readonly component: string;
  /** Absent before version 00402, where ISA11 is a standards identifier (`U`) instead. */
  readonly repetition?: string;
}

/** One segment: `elements[0]` is the tag (`ISA`, `B10`), so `elements[n]` is the n-th element as X12 numbers it. */
export interface Segment {
  readonly tag: string;
  readonly elements: readonly string[];
  /** 1-based position of the segment in the file, for messages. */
  readonly position: number;
  readonly delimiters: Delimiters;
}

/** The fixed length of ISA, terminator included. */
const isaLength = 106;
/** Far beyond any real segment (a BIN segment of a large attachment aside). */
const maxSegment = 1 << 20;

/** The n-th element of a segment, or undefined when it is absent or empty. */
export function element(segment: Segment, n: number): string | undefined {
  const value = segment.elements[n]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The components of a composite element (`EA>1` → `['EA', '1']`). */
export function components(segment: Segment, n: number): string[] {
  return (segment.elements[n] ?? '').split(segment.delimiters.component);
}

export function invalid(message: string): AppError {
  return new AppError('IMPORT_X12_INVALID', message);
}

/** Reads the delimiters from the 106 characters of an ISA segment. */
export function delimitersOf(isa: string, position: number): Delimiters {
  if (!isa.startsWith('ISA')) {
    throw invalid(`Segment ${position}: an interchange must start with ISA, found "${isa.slice(0, 3)}".`);
  }
  const elementSeparator = isa.charAt(3);
  const parts = isa.slice(0, isaLength - 1).split(elementSeparator);
  // ISA and its 16 elements; ISA16 is the one-character component separator.
  if (parts.length !== 17 || parts[16]?.length !== 1) {
    throw invalid(
      `Segment ${position} (ISA): it must be ${isaLength} characters with 16 elements separated by "${elementSeparator}"; check for a truncated or padded ISA.`,
    );
  }
  const segment = isa.charAt(isaLength - 1);
  const component = parts[16];
  const repetition = parts[11];
  const version = Number(parts[12]);
  if (/[A-Za-z0-9 ]/.test(segment) || segment === elementSeparator || segment === component) {
    throw invalid(`Segment ${position} (ISA): "${segment}" cannot be the segment terminator.`);
  }
  return {
    element: elementSeparator,
    segment,
    component,
    ...(version >= 402 && repetition && repetition.length === 1 ? { repetition } : {}),
  };
}

/**
 * The segments of an X12 file, streamed: the delimiters come from each ISA (so files that
 * concatenate interchanges with different delimiters read), line breaks and spaces after a
 * terminator are skipped, and only one segment's text is held at a time.
 */
export async function* segments(input: Readable): AsyncGenerator<Segment> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let delimiters: Delimiters | undefined;
  let position = 0;
  const chunks = async function* (): AsyncGenerator<string> {
    for await (const chunk of input) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
    yield decoder.end();
  };
  for await (const chunk of chunks()) {
    buffer += chunk;
    // A cursor into the buffer, so a chunk of many segments is not copied once per segment.
    let at = 0;
    for (;;) {
      while (at < buffer.length && /[\s\uFEFF]/.test(buffer.charAt(at))) at += 1;
      if (at === buffer.length) break;
      if (!delimiters) {
        if (buffer.length - at < isaLength) break;
        position += 1;
        delimiters = delimitersOf(buffer.slice(at, at + isaLength), position);
        const isa = buffer.slice(at, at + isaLength - 1);
        at += isaLength;
        yield { tag: 'ISA', elements: isa.split(delimiters.element), position, delimiters };
        continue;
      }
      const end = buffer.indexOf(delimiters.segment, at);
      if (end < 0) {
        // A terminator the file does not use would otherwise gather the whole file as one segment.
        if (buffer.length - at > maxSegment) {
          throw invalid(
            `Segment ${position + 1}: no "${delimiters.segment}" segment terminator (declared by the ISA at character 106) within ${maxSegment} characters.`,
          );
        }
        break;
      }
      const text = buffer.slice(at, end);
      at = end + 1;
      position += 1;
      const elements = text.split(delimiters.element);
      const tag = (elements[0] ?? '').trim();
      if (!/^[A-Z][A-Z0-9]{1,2}$/.test(tag)) {
        throw invalid(`Segment ${position}: "${text.slice(0, 20)}" does not start with a segment tag.`);
      }
      elements[0] = tag;
      if (tag === 'ISA') throw invalid(`Segment ${position}: ISA inside an interchange (IEA missing).`);
      const segment: Segment = { tag, elements, position, delimiters };
      // The next interchange may declare other delimiters.
      if (tag === 'IEA') delimiters = undefined;
      yield segment;
    }
    buffer = buffer.slice(at);
  }
  if (buffer.trim() !== '') {
    throw invalid(
      delimiters
        ? `Segment ${position + 1}: the file ends inside a segment (no "${delimiters.segment}" terminator).`
        : `Segment ${position + 1}: the file ends inside the ISA segment (it must be ${isaLength} characters).`,
    );
  }
}
