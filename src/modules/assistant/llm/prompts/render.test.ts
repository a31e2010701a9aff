import { describe, expect, it } from 'vitest';
import { catalogSections, dataRangeSentence, fillTemplate, vocabularySection } from './render.js';

const catalog = {
  metrics: [
    {
      name: 'shipments',
      label: 'Shipments',
      synonyms: ['volume'],
      description: 'Shipments',
      unit: 'shipments',
      format: 'integer',
      better: 'neither',
      dimensions: ['carrier', 'mode'],
      filters: ['carrier', 'mode', 'weightKg'],
      needsTimeRange: false,
    },
    {
      name: 'onTimeRate',
      label: 'On-time rate',
      synonyms: [],
      description: 'On time ÷ delivered',
      unit: 'ratio',
      format: 'percent',
      better: 'higher',
      dimensions: ['carrier', 'mode'],
      filters: ['carrier', 'mode', 'weightKg'],
      needsTimeRange: false,
    },
    {
      name: 'daysOfCover',
      label: 'Days of cover',
      synonyms: ['cover'],
      description: 'Cover',
      unit: 'days',
      format: 'decimal',
      better: 'neither',
      dimensions: ['product'],
      filters: ['product'],
      needsTimeRange: true,
    },
  ],
  dimensions: [
    {
      name: 'mode',
      label: 'Mode',
      synonyms: ['by mode'],
      description: 'Mode of transport',
      type: 'string',
      values: ['road', 'air'],
      filterOnly: false,
    },
    {
      name: 'weightKg',
      label: 'Weight (kg)',
      synonyms: [],
      description: 'Gross weight',
      type: 'number',
      values: null,
      filterOnly: true,
    },
  ],
} as const;

describe('prompt rendering', () => {
  it('fills every placeholder and refuses a template with one left unfilled', () => {
    expect(fillTemplate('Today is {{today}}; {{today}}.', { today: '2026-12-08' })).toBe(
      'Today is 2026-12-08; 2026-12-08.',
    );
    expect(() => fillTemplate('{{today}} {{currency}}', { today: 'x' })).toThrow('{{currency}}');
  });

  it('writes metrics once each and the dimension sets they share once', () => {
    const sections = catalogSections(catalog);
    expect(sections.metrics.split('\n')).toEqual([
      '- shipments: Shipments; shipments (integer); set A; synonyms: volume; Shipments.',
      '- onTimeRate: On-time rate; ratio (percent), higher is better; set A; no synonyms; On time ÷ delivered.',
      '- daysOfCover: Days of cover; days (decimal); set B; synonyms: cover; Cover. Needs a timeRange.',
    ]);
    expect(sections.dimensionSets).toBe('- A: carrier, mode; filter only: weightKg\n- B: product');
    expect(sections.dimensions).toContain(
      '- mode: Mode; string; values: road, air; synonyms: by mode; Mode of transport',
    );
    expect(sections.dimensions).toContain(
      '- weightKg: Weight (kg); number; filter only; no synonyms; Gross weight',
    );
  });

  it('lists values by frequency within the budget, with labels and aliases', () => {
    const entities = [
      { kind: 'city', value: 'Paris', label: 'Paris, FR', aliases: ['Paris'], weight: 5 },
      { kind: 'carrier', value: 'Acme', label: 'Acme', aliases: ['ACME', 'acme freight'], weight: 9 },
    ] as const;
    expect(vocabularySection(entities, 1000)).toBe(
      '- carrier: "Acme" ["ACME", "acme freight"]\n- city: "Paris" = "Paris, FR"',
    );
    expect(vocabularySection(entities, 24)).toBe(
      '- carrier: "Acme" ["ACME", "acme freight"]\n(1 less frequent value is not listed)',
    );
    expect(vocabularySection([], 1000)).toBe('(none known)');
  });

  it('says when there is no data yet', () => {
    expect(dataRangeSentence(null)).toBe('The organization has no shipments yet.');
    expect(dataRangeSentence({ from: '2025-01-01', to: '2025-12-31' })).toContain(
      'from 2025-01-01 to 2025-12-31',
    );
  });
});
