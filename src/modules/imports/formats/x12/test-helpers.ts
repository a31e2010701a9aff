import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { SourceRecord } from '../types.js';

/** Fixtures of test/fixtures/imports, streamed in small chunks so segments straddle chunk boundaries. */
export function fixture(name: string, chunk = 37): Readable {
  return createReadStream(new URL(`../../../../../test/fixtures/imports/${name}`, import.meta.url), {
    highWaterMark: chunk,
  });
}

export function text(content: string): Readable {
  return Readable.from([Buffer.from(content)]);
}

export async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

/** An ISA of version 00401 with `*` `~` `>` (106 characters with its terminator). */
export const isa =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*LANEWISE       *261202*1337*U*00401*000000001*0*P*>~';

/** An interchange around segments, counting and numbering the envelopes unless told otherwise. */
export function interchange(
  setId: string,
  body: string[],
  over: { se?: string; ge?: string; iea?: string } = {},
) {
  const se = over.se ?? `SE*${body.length + 2}*0001`;
  return [
    isa,
    'GS*QM*SENDER*LANEWISE*20261202*1337*1*X*004010~',
    `ST*${setId}*0001~`,
    ...body.map((s) => `${s}~`),
    `${se}~`,
    `${over.ge ?? 'GE*1*1'}~`,
    `${over.iea ?? 'IEA*1*000000001'}~`,
  ].join('\n');
}
