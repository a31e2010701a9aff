import { type Column, type LongColumns, longReader } from './long.js';
import { cellNumber, eachRecord, inputError } from './rows.js';
import { wideReader } from './wide.js';

/**
 * The series file a planner brings to `lanewise forecast`, read without the database. Two
 * formats, told apart by the first row: a header naming id, date and value columns makes a long
 * file (one row per observation); anything else is a wide file (one row per series, M4 style).
 */

export { futureDates } from './dates.js';
export {
  FORECAST_CSV_HEADER,
  type ForecastRow,
  formatForecastCsv,
  formatForecastRow,
  formatNumber,
} from './output.js';
export { MAX_SERIES, MAX_SERIES_LENGTH } from './rows.js';

/** One series of the file, oldest value first. */
export interface InputSeries {
  readonly id: string;
  readonly values: number[];
  /** The label of each value (long files), null when the file has none (wide files). */
  readonly dates: string[] | null;
}

/** What a series file holds, series in the order they first appear. */
export interface SeriesFile {
  readonly format: 'long' | 'wide';
  readonly series: InputSeries[];
  /**
   * What was done to a series without refusing it, one sentence each naming the series: missing
   * periods filled with 0, or dates too irregular to fill or to extend. Always empty for wide files.
   */
  readonly notes: string[];
}

/** Reads the rows of one format; `finish` is called after the last row. */
export interface SeriesReader {
  add(cells: string[], line: number): void;
  finish(): SeriesFile;
}

/** The accepted header names of each long-format column, the preferred first when several appear. */
const ALIASES = {
  id: ['id', 'series', 'unique_id'],
  date: ['date', 'ds', 'period', 'timestamp'],
  value: ['value', 'y', 'quantity', 'demand'],
} as const;

type Role = keyof typeof ALIASES;

/** Reads a series file in the long or the wide format; throws FORECAST_INPUT_INVALID naming the line. */
export function parseSeriesCsv(text: string): SeriesFile {
  let reader: SeriesReader | undefined;
  eachRecord(text, (cells, line) => {
    if (reader) reader.add(cells, line);
    else reader = readerFor(cells, line);
  });
  if (!reader) {
    throw inputError(
      'The file is empty; give one row per series (its id, then its values), or a header naming id, date and value columns and one row per observation.',
    );
  }
  return reader.finish();
}

/** The reader the first row calls for; a wide file's first row is data unless it is all text. */
function readerFor(cells: string[], line: number): SeriesReader {
  const names = cells.map((cell) => cell.trim());
  const filled = names.filter((name) => name !== '');
  if (filled.length === 1 && /[;\t]/.test(filled[0] as string)) {
    throw inputError(
      `Line ${line} holds a single column; separate the cells with commas (the file looks separated by semicolons or tabs).`,
    );
  }
  const headerLike = filled.length >= 2 && filled.every((name) => Number.isNaN(cellNumber(name)));
  if (!headerLike) {
    const reader = wideReader(null);
    reader.add(cells, line);
    return reader;
  }
  const found = findColumns(names);
  if (found.id && found.date && found.value) {
    return longReader({ id: found.id, date: found.date, value: found.value }, line);
  }
  if (found.date || found.value) {
    const missing = (Object.keys(ALIASES) as Role[]).filter((role) => !found[role]);
    throw inputError(
      `Line ${line} looks like a header but names no ${missing.join(' or ')} column; name the columns id, date and value (also accepted: series or unique_id; ds, period or timestamp; y, quantity or demand).`,
    );
  }
  // An all-text first row without those names is the header of a wide file ("V1","V2",... in M4).
  return wideReader(line);
}

function findColumns(names: readonly string[]): Partial<LongColumns> {
  const lower = names.map((name) => name.toLowerCase());
  const found: { -readonly [R in Role]?: Column } = {};
  for (const role of Object.keys(ALIASES) as Role[]) {
    for (const alias of ALIASES[role]) {
      const index = lower.indexOf(alias);
      if (index >= 0) {
        found[role] = { index, name: names[index] as string };
        break;
      }
    }
  }
  return found;
}
