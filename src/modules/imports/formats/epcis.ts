import type { Readable } from 'node:stream';
import { type ParsedTokenInfo, Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { AppError } from '../../../lib/errors.js';
import type { FormatOptions, RecordObject, RecordValue, SourceRecord } from './types.js';

/**
 * EPCIS 2.0 JSON / JSON-LD reader (ADR 0017): one record per event of the document's eventList,
 * flattened to the names a mapping needs (CBV values in their short form, bizTransactions and
 * sources/destinations by type), with the event as sent under `event`.
 */

/*
 * The stream under the reader: @streamparser/json hands over one event of
 * `epcisBody.eventList` (or `epcisBody.queryResults.resultsBody.eventList`) at a time and drops
 * it once handed over, so a large document is never held whole. The header members are checked
 * as they arrive; a header that comes after the events is only checked then, which is why
 * validateEpcis reads the whole file first.
 */

function invalid(message: string): AppError {
  return new AppError('IMPORT_EPCIS_INVALID', message);
}

const eventListPaths = ['epcisBody.eventList', 'epcisBody.queryResults.resultsBody.eventList'];
const documentTypes = ['EPCISDocument', 'EPCISQueryDocument'];

interface Frame {
  readonly array: boolean;
  key: string | number | undefined;
  expectKey: boolean;
}

/**
 * Follows the key path of the token stream, which the token parser does not expose, to tell a
 * missing eventList from an empty one and a top level that is not an object.
 */
function pathTracker(onStart: (path: string, token: TokenType) => void) {
  const frames: Frame[] = [];
  const path = () => frames.map((f) => f.key).join('.');
  return ({ token, value }: ParsedTokenInfo) => {
    const top = frames.at(-1);
    if (top && !top.array && top.expectKey && token === TokenType.STRING) {
      top.key = String(value);
      top.expectKey = false;
      return;
    }
    switch (token) {
      case TokenType.COLON:
        return;
      case TokenType.COMMA:
        if (top?.array) top.key = Number(top.key) + 1;
        else if (top) top.expectKey = true;
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        frames.pop();
        return;
      default:
        onStart(path(), token);
        if (token === TokenType.LEFT_BRACE) frames.push({ array: false, key: undefined, expectKey: true });
        if (token === TokenType.LEFT_BRACKET) frames.push({ array: true, key: 0, expectKey: false });
    }
  };
}

function checkHeader(key: string, value: unknown): void {
  if (key === 'type' && !documentTypes.includes(String(value))) {
    throw invalid(`The document's type is ${JSON.stringify(value)}; an EPCIS 2.0 file is an EPCISDocument.`);
  }
  if (key === 'schemaVersion' && !/^2(\.\d+)*$/.test(String(value))) {
    throw invalid(
      `The document's schemaVersion is ${JSON.stringify(value)}; Lanewise reads EPCIS 2.x (export the file as EPCIS 2.0 JSON).`,
    );
  }
}

/** The events of an EPCIS 2.0 JSON document, in file order; throws IMPORT_EPCIS_INVALID for a document that is not one. */
async function* epcisEvents(input: Readable): AsyncGenerator<unknown> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({
    paths: ['$.@context', '$.type', '$.schemaVersion', ...eventListPaths.map((p) => `$.${p}.*`)],
    keepStack: false,
  });
  const seen = new Set<string>();
  let queue: unknown[] = [];
  const track = pathTracker((path, token) => {
    if (path === '' && token !== TokenType.LEFT_BRACE) {
      throw invalid('The file is JSON but not an object; an EPCIS 2.0 file is an EPCISDocument object.');
    }
    if (eventListPaths.includes(path)) {
      if (token !== TokenType.LEFT_BRACKET) throw invalid(`${path} is not an array of events.`);
      seen.add('eventList');
    }
  });
  tokenizer.onToken = (info) => {
    track(info);
    parser.write(info);
  };
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1) {
      checkHeader(String(key), value);
      seen.add(String(key));
    } else queue.push(value);
  };
  const malformed = (error: unknown) =>
    error instanceof AppError
      ? error
      : new AppError('IMPORT_FILE_MALFORMED', `The file is not valid JSON: ${(error as Error).message}`);
  try {
    for await (const chunk of input) {
      tokenizer.write(typeof chunk === 'string' ? chunk : (chunk as Buffer));
      const ready = queue;
      queue = [];
      yield* ready;
    }
    if (!tokenizer.isEnded) tokenizer.end();
  } catch (error) {
    throw malformed(error);
  }
  if (!parser.isEnded) throw new AppError('IMPORT_FILE_MALFORMED', 'The file ends before its JSON does.');
  for (const [member, why] of [
    ['@context', 'an EPCIS 2.0 JSON-LD document names its @context'],
    ['type', 'its type must be EPCISDocument'],
    ['schemaVersion', 'its schemaVersion must be 2.0'],
    ['eventList', 'its events are in epcisBody.eventList'],
  ] as const) {
    if (!seen.has(member)) throw invalid(`The document has no ${member}: ${why}.`);
  }
}

const imported = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent'];
// EPCIS 2.0 event types that are valid but not something the tracking targets hold.
const notImported = ['TransformationEvent', 'AssociationEvent'];

// The CBV vocabularies EPCIS 2.0 JSON may write as a bare name, a GS1 web URI or an EPC URN.
const cbvPrefixes = [
  /^(?:https?:\/\/ref\.gs1\.org\/cbv\/|cbv:)(?:BizStep|Disp|BTT|SDT|ER)-/,
  /^urn:epcglobal:cbv:(?:bizstep|disp|btt|sdt|er):/,
  /^(?:https?:\/\/gs1\.org\/voc\/|gs1:)/,
];

/** A CBV value without its vocabulary prefix: `https://ref.gs1.org/cbv/BizStep-shipping` → `shipping`. */
export function cbvName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  for (const prefix of cbvPrefixes) if (prefix.test(value)) return value.replace(prefix, '');
  return value;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Type → id of a list of `{type, <member>}` (the first of a type wins; the event keeps all). */
function byType(entries: Json[], member: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const id = text(entry[member]);
    const type = cbvName(entry.type) ?? 'unspecified';
    if (id && !(type in out)) out[type] = id;
  }
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The event's instant written in its own zone offset: `2026-03-02T14:15:00Z` with `+01:00` →
 * `2026-03-02T15:15:00.000+01:00`; an eventTime without a zone takes the offset as it is.
 */
export function occurredAt(eventTime: unknown, offset: unknown): string | undefined {
  const time = text(eventTime);
  if (!time) return undefined;
  const zone = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(time);
  if (!zone) return time;
  if (!hasZone) return `${time}${offset}`;
  const instant = Date.parse(time);
  if (Number.isNaN(instant)) return time;
  const minutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  const wall = new Date(instant + minutes * 60_000);
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const clock = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${date}T${clock}.${pad(wall.getUTCMilliseconds(), 3)}${offset}`;
}

/** The reports of all sensor elements, one entry each: type (short), value, unit, time. */
function sensorReports(event: Json): RecordValue[] {
  return list(event.sensorElementList).flatMap((element) => {
    const meta = isObject(element.sensorMetadata) ? element.sensorMetadata : {};
    return list(element.sensorReport).map((report) =>
      compact({
        type: cbvName(report.type),
        value: typeof report.value === 'number' ? report.value : undefined,
        minValue: typeof report.minValue === 'number' ? report.minValue : undefined,
        maxValue: typeof report.maxValue === 'number' ? report.maxValue : undefined,
        uom: text(report.uom),
        time: text(report.time) ?? text(meta.time),
        deviceID: text(report.deviceID) ?? text(meta.deviceID),
      }),
    );
  });
}

function compact(entries: Record<string, unknown>): RecordObject {
  const out: Record<string, RecordValue> = {};
  for (const [key, value] of Object.entries(entries))
    if (value !== undefined) out[key] = value as RecordValue;
  return out;
}

const idOf = (v: unknown) => (isObject(v) ? text(v.id) : text(v));

/** One event as a record's values (exported for tests and the ADR's field list). */
export function flattenEvent(event: Json): RecordObject {
  const bizTransactions = byType(list(event.bizTransactionList), 'bizTransaction');
  const sensors = sensorReports(event);
  return compact({
    type: event.type,
    eventID: text(event.eventID),
    eventTime: text(event.eventTime),
    eventTimeZoneOffset: text(event.eventTimeZoneOffset),
    occurredAt: occurredAt(event.eventTime, event.eventTimeZoneOffset),
    recordTime: text(event.recordTime),
    action: text(event.action),
    bizStep: cbvName(event.bizStep),
    disposition: cbvName(event.disposition),
    readPoint: idOf(event.readPoint),
    bizLocation: idOf(event.bizLocation),
    epcList: Array.isArray(event.epcList) ? event.epcList : undefined,
    parentID: text(event.parentID),
    childEPCs: Array.isArray(event.childEPCs) ? event.childEPCs : undefined,
    quantityList: Array.isArray(event.quantityList) ? event.quantityList : undefined,
    childQuantityList: Array.isArray(event.childQuantityList) ? event.childQuantityList : undefined,
    bizTransactions,
    // The despatch advice, else the bill of lading, else the first transaction names the shipment.
    shipmentReference: bizTransactions.desadv ?? bizTransactions.bol ?? Object.values(bizTransactions)[0],
    sources: byType(list(event.sourceList), 'source'),
    destinations: byType(list(event.destinationList), 'destination'),
    sensorReports: sensors.length > 0 ? sensors : undefined,
    event,
  });
}

function recordOf(event: unknown, index: number): Omit<SourceRecord, 'row'> {
  if (!isObject(event)) throw invalid(`Event ${index} of the eventList is not an object.`);
  const type = event.type;
  if (typeof type === 'string' && imported.includes(type)) return { values: flattenEvent(event) };
  if (typeof type === 'string' && notImported.includes(type)) {
    return {
      values: compact({ type, eventID: text(event.eventID), event }),
      problem: `Event ${index} (${type}) is not imported: Lanewise imports ObjectEvent, AggregationEvent and TransactionEvent.`,
    };
  }
  throw invalid(
    `Event ${index} has type ${JSON.stringify(type ?? null)}, which is not an EPCIS 2.0 event type.`,
  );
}

/** Reads an EPCIS 2.0 JSON document into one record per event, streamed. */
export async function* readEpcis(input: Readable, _options?: FormatOptions): AsyncGenerator<SourceRecord> {
  let row = 0;
  for await (const event of epcisEvents(input)) {
    row += 1;
    yield { row, ...recordOf(event, row) };
  }
}

/** Reads a whole EPCIS document to check it (header, eventList, event types) before anything is loaded. */
export async function validateEpcis(input: Readable): Promise<{ events: number }> {
  let events = 0;
  for await (const event of epcisEvents(input)) {
    events += 1;
    recordOf(event, events);
  }
  return { events };
}
