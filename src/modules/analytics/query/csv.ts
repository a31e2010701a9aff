import type { QueryResult } from './schema.js';

/**
 * A query result as CSV (RFC 4180, CRLF, a header of column labels) that is safe to open in a
 * spreadsheet: a cell that starts with = + - @, a tab or a carriage return would be read as a
 * formula (CSV injection), so such text cells get a leading apostrophe. Numbers are written as
 * numbers (a negative change stays a number).
 */
export function resultToCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const lines = [result.columns.map((c) => quote(neutralise(c.label))).join(',')];
  for (const row of result.rows) {
    lines.push(
      result.columns
        .map((c) => {
          const value = row[c.name];
          if (value === null || value === undefined) return '';
          if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
          if (typeof value === 'boolean') return value ? 'true' : 'false';
          return quote(neutralise(value));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const formulaStart = /^[=+\-@\t\r]/;

function neutralise(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
