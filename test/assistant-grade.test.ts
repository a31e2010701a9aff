import { describe, expect, it } from 'vitest';
import { type GradedAnswer, grade, type Reference, sameValue } from '../eval/assistant/grade.js';
import type { Expected } from '../eval/assistant/types.js';

// Grading of the assistant's evaluation (eval/assistant/grade.ts; vitest does not collect eval/).

const query: Expected = { kind: 'answer', query: { metrics: ['onTimeRate'], dimensions: ['carrier'] } };

function answer(rows: Record<string, string | number | boolean | null>[], extra: Partial<GradedAnswer> = {}) {
  const names = new Set(rows.flatMap((r) => Object.keys(r)));
  return {
    kind: 'answer',
    text: 'Here it is.',
    data: { columns: [...names].map((name) => ({ name })), rows },
    choices: [],
    ...extra,
  } satisfies GradedAnswer;
}

const rows = (ordered: boolean, ...list: Record<string, string | number | null>[]): Reference => ({
  kind: 'rows',
  columns: ['carrier', 'onTimeRate'],
  rows: list,
  orderBy: ordered ? ['onTimeRate'] : [],
});

const fjord = { carrier: 'Fjordfrakt', onTimeRate: 0.91 };
const baltic = { carrier: 'Baltic Reefer Lines', onTimeRate: 0.74 };

describe('grading an answer against the expected query result', () => {
  it('accepts the same rows in any order when the query has no orderBy', () => {
    expect(grade(query, answer([baltic, fjord]), rows(false, fjord, baltic))).toEqual({ correct: true });
  });

  it('wants the same order when the query has an orderBy', () => {
    const result = grade(query, answer([baltic, fjord]), rows(true, fjord, baltic));
    expect(result.correct).toBe(false);
    expect(result.reason).toContain('row 1');
  });

  it('lets rows tied on the orderBy come in any order among themselves, and only those', () => {
    const nordpil = { carrier: 'Nordpil Pakke', onTimeRate: 0.91 };
    const expected = rows(true, fjord, nordpil, baltic);
    expect(grade(query, answer([nordpil, fjord, baltic]), expected).correct).toBe(true);
    const swapped = grade(query, answer([baltic, nordpil, fjord]), expected);
    expect(swapped.correct).toBe(false);
    const other = grade(query, answer([fjord, { ...nordpil, carrier: 'Donau Spedition' }, baltic]), expected);
    expect(other.reason).toBe(
      'rows 1–2 (tied on onTimeRate): no row {carrier: "Nordpil Pakke", onTimeRate: 0.91}',
    );
  });

  it('allows extra columns but not a missing one', () => {
    const withShare = answer([{ ...fjord, share: 1 }]);
    expect(grade(query, withShare, rows(false, fjord)).correct).toBe(true);
    const noRate = grade(query, answer([{ carrier: 'Fjordfrakt' }]), rows(false, fjord));
    expect(noRate).toMatchObject({
      correct: false,
      reason: expect.stringContaining('missing column onTimeRate'),
    });
  });

  it('counts rows: an extra or a missing row is wrong, as is a duplicate', () => {
    expect(grade(query, answer([fjord, baltic]), rows(false, fjord)).reason).toBe('2 rows, expected 1');
    expect(grade(query, answer([fjord]), rows(false, fjord, baltic)).reason).toBe('1 row, expected 2');
    expect(grade(query, answer([fjord, fjord]), rows(false, fjord, baltic)).correct).toBe(false);
  });

  it('compares numbers within 1e-9 relative, and nothing looser', () => {
    const close = { carrier: 'Fjordfrakt', onTimeRate: 0.91 * (1 + 5e-10) };
    const off = { carrier: 'Fjordfrakt', onTimeRate: 0.91 * (1 + 5e-8) };
    expect(grade(query, answer([close]), rows(false, fjord)).correct).toBe(true);
    expect(grade(query, answer([off]), rows(false, fjord)).correct).toBe(false);
    expect(sameValue(0, 0)).toBe(true);
    expect(sameValue(0, 1e-12)).toBe(false);
    expect(sameValue(1, '1')).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });

  it('says which expected row it did not find', () => {
    const result = grade(
      query,
      answer([fjord, { carrier: 'VistulaCargo', onTimeRate: 0.86 }]),
      rows(false, fjord, baltic),
    );
    expect(result.reason).toBe('no row {carrier: "Baltic Reefer Lines", onTimeRate: 0.74}');
  });

  it('marks a clarification or a refusal wrong when an answer was expected', () => {
    const clarified = grade(
      query,
      { ...answer([]), kind: 'clarification', text: 'Which Baden?', data: null },
      rows(false, fjord),
    );
    expect(clarified).toEqual({ correct: false, reason: 'gave a clarification instead: "Which Baden?"' });
    expect(grade(query, { ...answer([]), kind: 'refusal', data: null }, rows(false, fjord)).correct).toBe(
      false,
    );
    expect(grade(query, { ...answer([]), data: null }, rows(false, fjord)).reason).toBe(
      'the answer has no data',
    );
  });
});

describe('grading the other kinds of answer', () => {
  const clarification = (labels: string[]): GradedAnswer => ({
    kind: 'clarification',
    text: 'Which one?',
    data: null,
    choices: labels.map((label) => ({ label, question: label })),
  });

  it('finds each wanted choice as a case-insensitive part of a label', () => {
    const expected: Expected = { kind: 'clarification', choicesInclude: ['baden, ch', 'Baden, AT'] };
    expect(grade(expected, clarification(['Baden, CH', 'Baden, AT (Niederösterreich)'])).correct).toBe(true);
    const one = grade(expected, clarification(['Baden, CH']));
    expect(one).toEqual({ correct: false, reason: 'no choice "Baden, AT" among "Baden, CH"' });
    expect(grade({ kind: 'clarification' }, clarification([])).correct).toBe(true);
    expect(grade({ kind: 'clarification' }, answer([fjord])).correct).toBe(false);
  });

  it('wants a refusal to be a refusal', () => {
    expect(grade({ kind: 'refusal' }, { ...answer([]), kind: 'refusal', data: null }).correct).toBe(true);
    expect(grade({ kind: 'refusal' }, answer([fjord])).reason).toBe('answered instead: "Here it is."');
  });

  it('checks the reference a lookup found', () => {
    const expected: Expected = { kind: 'lookup', entity: 'shipment', reference: 'NFS-000042' };
    const found = (reference: string): GradedAnswer => ({ ...answer([{ reference }]), kind: 'lookup' });
    expect(grade(expected, found('NFS-000042')).correct).toBe(true);
    expect(grade(expected, found('NFS-000043')).reason).toBe('looked up "NFS-000043", expected "NFS-000042"');
    expect(grade(expected, answer([{ reference: 'NFS-000042' }])).correct).toBe(false);
  });

  it('compares stock risks as a set of SKU × facility pairs', () => {
    const expected: Expected = { kind: 'stockRisk', withinDays: 14 };
    const pairs: Reference = {
      kind: 'pairs',
      pairs: [
        { sku: 'NF-DAI-101', facilityCode: 'OSL-DC' },
        { sku: 'NF-SEA-202', facilityCode: 'ZRH-DC' },
      ],
    };
    const risks = answer([
      { sku: 'NF-SEA-202', facilityCode: 'ZRH-DC', daysOfCover: 3 },
      { sku: 'NF-DAI-101', facilityCode: 'OSL-DC', daysOfCover: 9 },
    ]);
    expect(grade(expected, risks, pairs).correct).toBe(true);
    const short = grade(expected, answer([{ sku: 'NF-DAI-101', facilityCode: 'OSL-DC' }]), pairs);
    expect(short.reason).toBe('1 at risk, expected 2; missing NF-SEA-202 @ ZRH-DC');
    const noColumns = grade(expected, answer([{ product: 'NF-DAI-101' }]), pairs);
    expect(noColumns.reason).toContain('no sku and facilityCode columns');
  });
});
