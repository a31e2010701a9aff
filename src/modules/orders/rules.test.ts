import { describe, expect, it } from 'vitest';
import { checkRules } from '../../lib/validity/index.js';
import { keepsALine, orderProblems, orderRules } from './rules.js';

describe('order rules', () => {
  const order = { order_date: '2026-03-02', requested_date: null, promised_date: null };
  it('allows requested and promised days on or after the order day', () => {
    expect(orderProblems(order)).toEqual([]);
    expect(orderProblems({ ...order, requested_date: '2026-03-02', promised_date: '2026-03-09' })).toEqual(
      [],
    );
  });
  it('refuses requested or promised days before the order day, by path', () => {
    expect(orderProblems({ ...order, requested_date: '2026-03-01', promised_date: '2025-12-31' })).toEqual([
      { path: 'requestedDate', message: 'is before the order date 2026-03-02' },
      { path: 'promisedDate', message: 'is before the order date 2026-03-02' },
    ]);
  });
  it('keeps at least one line, and every rule quarantines on import', () => {
    expect(checkRules([keepsALine], { lineCount: 1 }, { now: 0 })).toEqual([]);
    expect(checkRules([keepsALine], { lineCount: 0 }, { now: 0 })).toEqual([
      { path: 'lines', message: 'an order keeps at least one line' },
    ]);
    expect([...orderRules, keepsALine].map((r) => r.onImport)).toEqual(['quarantine-row', 'quarantine-row']);
  });
});
