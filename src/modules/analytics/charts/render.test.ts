import type { TopLevelSpec } from 'vega-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { columns as c, carriers, months, resultOf } from '../../../../test/support/query-results.js';
import { renderSvg } from './render.js';
import { chartSpecOf } from './spec.js';

/** Every element closed in order: a well-formed document as far as tags go. */
function tagsBalance(svg: string): boolean {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name as string);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** Text drawn by <text> elements, as written in the document (entities kept). */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const monthly = () =>
  resultOf(
    [c.period('month'), c.freightCost],
    months(12).map((period, i) => ({ period, freightCost: 1000 + i * 250 })),
  );

describe('renderSvg', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('renders a standalone, well-formed SVG with the titles, axis titles and period labels', async () => {
    // West of UTC a period read as local time would be the last day of the previous month.
    process.env.TZ = 'America/Los_Angeles';
    const svg = await renderSvg(chartSpecOf(monthly()));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(tagsBalance(svg)).toBe(true);
    const drawn = texts(svg);
    expect(drawn).toContain('Freight cost by month');
    expect(drawn).toContain('All data');
    expect(drawn).toContain('Freight cost (USD)');
    expect(drawn).toContain('Period');
    expect(drawn).toContain('Jan 2025');
    expect(drawn).not.toContain('Dec 2024');
    expect(drawn).toContain('3,000');
  });

  it('labels ISO weeks and quarters', async () => {
    const weekly = resultOf(
      [c.period('week'), c.shipments],
      [
        { period: '2026-01-05', shipments: 3 },
        { period: '2026-01-12', shipments: 4 },
      ],
    );
    expect(texts(await renderSvg(chartSpecOf(weekly)))).toEqual(
      expect.arrayContaining(['2026-W02', '2026-W03']),
    );
    const quarterly = resultOf(
      [c.period('quarter'), c.shipments],
      [
        { period: '2025-01-01', shipments: 3 },
        { period: '2025-04-01', shipments: 4 },
      ],
    );
    expect(texts(await renderSvg(chartSpecOf(quarterly)))).toEqual(
      expect.arrayContaining(['Q1 2025', 'Q2 2025']),
    );
  });

  it('escapes text that comes from the data and from the title', async () => {
    const result = resultOf(
      [c.carrier, c.shipments],
      [
        { carrier: '<script>alert(1)</script>', shipments: 3 },
        { carrier: 'B & "Sons"', shipments: 2 },
      ],
    );
    const svg = await renderSvg(chartSpecOf(result, { title: '<img src=x onerror=alert(1)>' }));
    expect(svg).not.toMatch(/<script|<img|<foreignObject/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('B &amp; "Sons"');
    expect(tagsBalance(svg)).toBe(true);
  });

  it('refers to nothing outside the document', async () => {
    const spec = chartSpecOf(
      resultOf(
        [c.carrier, c.onTimeRate],
        carriers(10).map((carrier, i) => ({ carrier, onTimeRate: i / 10 })),
      ),
    );
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/\bhref\s*=/i);
    expect(svg).not.toMatch(/<image/i);
    for (const [, target] of svg.matchAll(/url\(([^)]*)\)/g)) expect(target).toMatch(/^#/);
  });

  it('refuses a spec that would load data from a URL', async () => {
    const spec = {
      data: { url: 'http://127.0.0.1:9/data.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    } as TopLevelSpec;
    await expect(renderSvg(spec)).rejects.toThrow(/refused to load "http:\/\/127\.0\.0\.1:9\/data\.json"/);
    const image = {
      data: { values: [{ a: 1 }] },
      mark: 'image',
      encoding: { url: { value: 'http://127.0.0.1:9/logo.png' }, x: { field: 'a', type: 'quantitative' } },
    } as TopLevelSpec;
    await expect(renderSvg(image)).rejects.toThrow(/refused to load/);
  });

  it('renders every kind of chart', async () => {
    const results = [
      monthly(),
      resultOf([c.carrier, c.shipments], [{ carrier: 'A', shipments: 1 }]),
      resultOf(
        [c.mode, c.shipmentShare],
        [
          { mode: 'road', shipmentShare: 0.75 },
          { mode: 'air', shipmentShare: 0.25 },
        ],
      ),
      resultOf([c.carrier, c.mode, c.onTimeRate], [{ carrier: 'A', mode: 'road', onTimeRate: 0.5 }]),
      resultOf([c.onTimeRate], [{ onTimeRate: null }]),
      resultOf([c.carrier, c.shipments, c.onTimeRate], [{ carrier: 'A', shipments: 4, onTimeRate: 0.5 }]),
      resultOf(
        [c.carrier, c.mode, c.lane, c.shipments],
        [{ carrier: 'A', mode: 'road', lane: 'X', shipments: 1 }],
      ),
      resultOf([c.carrier, c.shipments], []),
    ];
    for (const result of results) {
      const spec = chartSpecOf(result);
      const svg = await renderSvg(spec);
      expect(tagsBalance(svg), JSON.stringify(spec.usermeta)).toBe(true);
    }
    const kpi = await renderSvg(chartSpecOf(resultOf([c.onTimeRate], [{ onTimeRate: null }])));
    expect(texts(kpi)).toContain('No data');
    const none = await renderSvg(chartSpecOf(resultOf([c.onTimeRate], [])));
    expect(texts(none)).toContain('No data');
  });
});
