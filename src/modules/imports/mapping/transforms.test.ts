import { describe, expect, it } from 'vitest';
import type { Transform } from './schema.js';
import { compileTransforms, StepFailure } from './transforms.js';

const chain = (transforms: Transform[], unparsable: 'error' | 'unknown' = 'error') => {
  const { run, errors } = compileTransforms(transforms, { timeZone: 'UTC', unparsable });
  expect(errors).toEqual([]);
  return run;
};

describe('compileTransforms', () => {
  it('trims, changes case and replaces with groups', () => {
    expect(chain([{ op: 'trim' }, { op: 'case', to: 'upper' }])('  abc ')).toBe('ABC');
    expect(chain([{ op: 'case', to: 'title' }])("o'neil CARGO-line")).toBe("O'neil Cargo-Line");
    expect(chain([{ op: 'replace', pattern: '(\\d+)-(\\d+)', with: '$2/$1' }])('12-34 and 5-6')).toBe(
      '34/12 and 6/5',
    );
    expect(chain([{ op: 'replace', pattern: 'kg', with: '', ignoreCase: true }])('12 KG')).toBe('12 ');
    expect(chain([{ op: 'case', to: 'lower' }])(null)).toBeNull();
  });

  it('extracts a group, and fails on no match unless unparsable is unknown', () => {
    expect(chain([{ op: 'extract', pattern: 'ASN-(\\d+)' }])('See ASN-93 (ID#:1281)')).toBe('93');
    expect(chain([{ op: 'extract', pattern: 'ID#:(\\d+)', group: 0 }])('See ASN-93 (ID#:1281)')).toBe(
      'ID#:1281',
    );
    expect(chain([{ op: 'extract', pattern: '\\d+' }])('abc 42')).toBe('42');
    const failed = chain([{ op: 'extract', pattern: 'ASN-(\\d+)' }])('Air');
    expect(failed).toBeInstanceOf(StepFailure);
    expect((failed as StepFailure).rule).toBe('extract');
    expect(
      chain(
        [
          { op: 'extract', pattern: 'ASN-(\\d+)' },
          { op: 'default', value: 'none' },
        ],
        'unknown',
      )('Air'),
    ).toBe('none');
  });

  it('maps values ignoring case and surrounding spaces, with otherwise keep, unknown or error', () => {
    const values = { 'Air Charter': 'air', Truck: 'road' };
    expect(chain([{ op: 'map', values }])(' air charter ')).toBe('air');
    expect(chain([{ op: 'map', values, caseSensitive: true }])('truck')).toBeInstanceOf(StepFailure);
    expect(chain([{ op: 'map', values, otherwise: 'keep' }])('Ocean')).toBe('Ocean');
    expect(chain([{ op: 'map', values, otherwise: 'unknown' }])('Ocean')).toBeNull();
    expect((chain([{ op: 'map', values }])('Ocean') as StepFailure).rule).toBe('map');
  });

  it('reads dates, numbers, units, multiplies, and defaults unknown', () => {
    expect(chain([{ op: 'date', formats: ['d-MMM-yy'] }])('2-Jun-06')).toBe('2006-06-02T00:00:00.000Z');
    expect(chain([{ op: 'date', formats: ['iso'], timeZone: 'Asia/Tokyo' }])('2006-06-02T09:00')).toBe(
      '2006-06-02T00:00:00.000Z',
    );
    expect((chain([{ op: 'date', formats: ['iso'] }])('Date Not Captured') as StepFailure).rule).toBe('date');
    expect(chain([{ op: 'number', decimal: ',' }])('1.234,5')).toBe(1234.5);
    expect(chain([{ op: 'unit', from: 'lb', to: 'kg' }])('100')).toBeCloseTo(45.359237, 9);
    expect(chain([{ op: 'multiply', by: 0.01 }])(1250)).toBeCloseTo(12.5, 12);
    expect((chain([{ op: 'number' }])('Weight Captured Separately') as StepFailure).rule).toBe('number');
    expect(chain([{ op: 'number' }, { op: 'default', value: 0 }], 'unknown')('n/a kg')).toBe(0);
    expect(chain([{ op: 'default', value: 'x' }])('kept')).toBe('kept');
  });

  it('reports steps that cannot work, by index', () => {
    const { errors } = compileTransforms(
      [
        { op: 'trim' },
        { op: 'unit', from: 'kg', to: 'l' },
        { op: 'date', formats: ['yyyy-QQ'] },
        { op: 'extract', pattern: 'a(b)', group: 2 },
      ],
      { timeZone: 'UTC', unparsable: 'error' },
    );
    expect(errors.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(errors[0]?.message).toMatch(/kg \(mass\) to l \(volume\)/);
  });

  it('fails text steps on lists and objects', () => {
    expect((chain([{ op: 'trim' }, { op: 'case', to: 'lower' }])(['a']) as StepFailure).rule).toBe('type');
  });
});
