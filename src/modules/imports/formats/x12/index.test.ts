import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../lib/errors.js';
import { readX12, validateX12 } from './index.js';
import { collect, fixture, interchange, isa, text } from './test-helpers.js';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('IMPORT_X12_INVALID');
  return error as AppError;
}

describe('readX12: 214', () => {
  it('gives one record per AT7 status, numbered in file order, across two sets', async () => {
    const records = await collect(readX12(fixture('x12-214-two-sets.edi')));
    expect(records.map((r) => [r.row, r.values.shipmentId, r.values.statusCode])).toEqual([
      [1, 'SHP-1001', 'X3'],
      [2, 'SHP-1001', 'AF'],
      [3, 'SHP-1001', 'X6'],
      [4, 'SHP-1002', 'X1'],
      [5, 'SHP-1002', 'D1'],
      [6, 'SHP-1002', 'SD'],
    ]);
    expect(records.every((r) => r.problem === undefined)).toBe(true);
  });

  it('flattens the header, the LX loop and the status into one record', async () => {
    const [first, second, third] = await collect(readX12(fixture('x12-214-two-sets.edi')));
    expect(first?.values).toEqual({
      transactionSet: '214',
      setControl: '0001',
      carrierReference: 'PRO123456',
      shipmentId: 'SHP-1001',
      scac: 'ABCD',
      referenceNumbers: { BM: 'BOL778899', PO: 'PO-4455' },
      parties: {
        SH: {
          name: 'Acme Widgets',
          idQualifier: '93',
          id: 'ACME01',
          address: '100 Main St',
          city: 'Chicago',
          state: 'IL',
          postalCode: '60601',
          country: 'US',
        },
        CN: { name: 'Globex Retail', city: 'Dallas', state: 'TX', postalCode: '75201', country: 'US' },
      },
      stopNumber: '1',
      weightQualifier: 'G',
      weight: 1200,
      weightUnit: 'lb',
      weightKg: 544.311,
      pieces: 12,
      statusCode: 'X3',
      date: '20260302',
      time: '0815',
      timeCode: 'CT',
      occurredAt: '2026-03-02T08:15:00-06:00',
      city: 'Chicago',
      state: 'IL',
      country: 'US',
      equipmentScac: 'ABCD',
      equipmentNumber: 'TRL5521',
      equipmentType: 'TL',
    });
    expect(second?.values).toMatchObject({ statusReason: 'NS', latitude: 41.881944, longitude: -87.628333 });
    expect(second?.values.weight).toBeUndefined();
    expect(third?.values).toMatchObject({ occurredAt: '2026-03-03T14:00:00-05:00', city: 'Indianapolis' });
  });

  it('shares the LX loop references and weight between its statuses', async () => {
    const records = await collect(readX12(fixture('x12-214-two-sets.edi')));
    const [arrived, delivered, delayed] = records.slice(3).map((r) => r.values);
    expect(arrived).toMatchObject({
      occurredAt: '2026-07-10T16:05:00-07:00',
      weight: 540.5,
      weightUnit: 'kg',
    });
    expect(delivered).toMatchObject({
      occurredAt: '2026-07-10T17:20:30',
      referenceNumbers: { BM: 'BOL778900', POD: 'SIGNED-RLOPEZ' },
      pieces: 4,
    });
    expect(delayed).toMatchObject({
      statusCode: 'SD',
      statusReason: 'AG',
      occurredAt: '2026-07-11T08:00:00+00:00',
    });
    expect(delayed?.referenceNumbers).toEqual({ BM: 'BOL778900' });
  });

  it('reads the same records whatever the chunk size', async () => {
    const small = await collect(readX12(fixture('x12-214-two-sets.edi', 1)));
    const large = await collect(readX12(fixture('x12-214-two-sets.edi', 1 << 16)));
    expect(small).toEqual(large);
  });

  it('reads other delimiters and a newline as the segment terminator', async () => {
    const content = interchange('214', ['B10*PRO1*SHP-9*ABCD', 'LX*1', 'AT7*D1*NS***20260302*0815*UT'])
      .replaceAll('~\n', '\n')
      .replace(/~$/, '\n')
      .replaceAll('*', '|')
      .replace(/\|>\n/, '|:\n');
    const records = await collect(readX12(text(content)));
    expect(records.map((r) => r.values.shipmentId)).toEqual(['SHP-9']);
    expect(records[0]?.values.occurredAt).toBe('2026-03-02T08:15:00+00:00');
  });
});

describe('readX12: several interchanges', () => {
  it('reads interchanges one after another, each with its own delimiters, numbering records on', async () => {
    const first = interchange('214', ['B10*PRO1*SHP-1*ABCD', 'LX*1', 'AT7*X6*NS***20260302*0815*UT']);
    const second = interchange('214', ['B10*PRO2*SHP-2*ABCD', 'LX*1', 'AT7*D1*NS***20260303*0900*UT'])
      .replaceAll('*', '|')
      .replaceAll('~', '!');
    const records = await collect(readX12(text(`${first}\r\n${second}`)));
    expect(records.map((r) => [r.row, r.values.shipmentId, r.values.statusCode])).toEqual([
      [1, 'SHP-1', 'X6'],
      [2, 'SHP-2', 'D1'],
    ]);
  });
});

describe('readX12: sets that are not imported', () => {
  it('gives a record with a problem for another transaction set', async () => {
    const records = await collect(readX12(text(interchange('810', ['BIG*20260302*INV1']))));
    expect(records).toEqual([
      {
        row: 1,
        values: { transactionSet: '810', setControl: '0001' },
        problem: expect.stringContaining('Transaction set 810 (ST 0001 at segment 3) is not imported'),
      },
    ]);
  });

  it('gives a record with a problem for a 214 without a status', async () => {
    const [record] = await collect(readX12(text(interchange('214', ['B10*PRO1*SHP-9*ABCD']))));
    expect(record?.problem).toContain('holds no AT7 status');
  });
});

describe('X12 envelopes', () => {
  it('refuses a wrong SE segment count, naming the segment', async () => {
    const error = await refusal(validateX12(fixture('x12-214-bad-se-count.edi')));
    expect(error.message).toBe(
      'Segment 9 (SE): SE01 says 9 segments (ST and SE included), the envelope holds 7.',
    );
    await refusal(collect(readX12(fixture('x12-214-bad-se-count.edi'))));
  });

  it.each([
    [
      'an SE control number',
      { se: 'SE*3*0002' },
      'Segment 5 (SE): control number 0002 does not match 0001 of the ST at segment 3.',
    ],
    [
      'a GE set count',
      { ge: 'GE*2*1' },
      'Segment 6 (GE): GE01 says 2 transaction sets, the envelope holds 1.',
    ],
    [
      'a GE control number',
      { ge: 'GE*1*9' },
      'Segment 6 (GE): control number 9 does not match 1 of the GS at segment 2.',
    ],
    [
      'an IEA group count',
      { iea: 'IEA*2*000000001' },
      'Segment 7 (IEA): IEA01 says 2 functional groups, the envelope holds 1.',
    ],
    [
      'an IEA control number',
      { iea: 'IEA*1*000000002' },
      'Segment 7 (IEA): control number 000000002 does not match 000000001 of the ISA at segment 1.',
    ],
  ])('refuses %s that does not match', async (_what, over, message) => {
    const error = await refusal(validateX12(text(interchange('214', ['B10*PRO1*SHP-9*ABCD'], over))));
    expect(error.message).toBe(message);
  });

  it('counts the sets of a valid file', async () => {
    await expect(validateX12(fixture('x12-214-two-sets.edi'))).resolves.toEqual({ transactionSets: 2 });
  });

  it('refuses a file that does not start with ISA or whose ISA is not 106 characters', async () => {
    expect((await refusal(validateX12(text(`GS*QM*A*B~${' '.repeat(120)}`)))).message).toContain(
      'must start with ISA',
    );
    const short = isa.replace('SENDER         ', 'SENDER');
    expect((await refusal(validateX12(text(`${short}\nGS*QM~`.padEnd(200, 'X'))))).message).toContain(
      'must be 106 characters',
    );
    expect((await refusal(validateX12(text('ISA*00*')))).message).toContain('ends inside the ISA');
    expect((await refusal(validateX12(text('')))).message).toContain('holds no X12 segments');
  });

  it('refuses a file that ends inside a segment or an envelope', async () => {
    const content = interchange('214', ['B10*PRO1*SHP-9*ABCD']);
    const cut = content.slice(0, content.indexOf('\nSE*') + 1);
    expect((await refusal(validateX12(text(cut)))).message).toBe(
      'Segment 4 (B10): the file ends before the SE that closes the ST at segment 3.',
    );
    expect((await refusal(validateX12(text(`${cut}SE*3`)))).message).toContain('ends inside a segment');
  });

  it('refuses a file that never uses the terminator its ISA declares', async () => {
    const content = interchange('214', ['B10*PRO1*SHP-9*ABCD'])
      .replaceAll('~\n', '\n')
      .replace(/^(.{105})\n/, '$1~');
    const padded = `${content}${'N1*SH*Acme\n'.repeat(120_000)}`;
    expect((await refusal(validateX12(text(padded)))).message).toMatch(
      /^Segment \d+: no "~" segment terminator \(declared by the ISA at character 106\) within 1048576 characters\.$/,
    );
  });

  it('refuses segments outside a set and an ST without its SE', async () => {
    const stray = interchange('214', ['B10*PRO1*SHP-9*ABCD']).replace('ST*214', 'N1*SH~\nST*214');
    expect((await refusal(validateX12(text(stray)))).message).toBe(
      'Segment 3 (N1): a segment outside any transaction set (ST…SE).',
    );
    const unclosed = interchange('214', ['B10*PRO1*SHP-9*ABCD']).replace(/SE\*3\*0001~\n/, '');
    expect((await refusal(validateX12(text(unclosed)))).message).toBe(
      'Segment 5 (GE): the transaction set opened by ST at segment 3 has no SE before it.',
    );
  });
});
