/**
 * The forecast file the CLI writes: one row per series, step and model. Numbers are written in
 * fixed notation with at most 6 decimals, trailing zeros dropped (0.1 + 0.2 is `0.3`, 1e-7 is
 * `0`), so a spreadsheet reads every cell as a number and no cell holds exponent notation.
 */

/** One forecast step of one series by one model, with its 80% and 95% intervals. */
export interface ForecastRow {
  readonly id: string;
  /** 1 for the first period after the history. */
  readonly step: number;
  /** The period's label, null when the series' dates are irregular or absent (wide files). */
  readonly date: string | null;
  readonly model: string;
  readonly forecast: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
}

/** The header row of the forecast file. */
export const FORECAST_CSV_HEADER = 'id,step,date,model,forecast,lo80,hi80,lo95,hi95';

/** The forecast file: the header and one line per row, each ending in `\n`. */
export function formatForecastCsv(rows: readonly ForecastRow[]): string {
  const lines = [FORECAST_CSV_HEADER];
  for (const row of rows) lines.push(formatForecastRow(row));
  return `${lines.join('\n')}\n`;
}

/** One line of the forecast file without its line break, for writers that stream. */
export function formatForecastRow(row: ForecastRow): string {
  return [
    csvText(row.id),
    String(row.step),
    row.date === null ? '' : csvText(row.date),
    csvText(row.model),
    formatNumber(row.forecast),
    formatNumber(row.lo80),
    formatNumber(row.hi80),
    formatNumber(row.lo95),
    formatNumber(row.hi95),
  ].join(',');
}

/** A number with at most 6 decimals, trailing zeros dropped; '' for NaN or an infinity. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const fixed = value.toFixed(6);
  // toFixed switches to exponent notation from 1e21 on; such a value is printed as it is.
  if (fixed.includes('e')) return String(value);
  const trimmed = fixed.replace(/\.?0+$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** A text cell, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
