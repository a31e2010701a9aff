import { detectSpacing, labelAt, parseSeriesDate, periodsBetween, type Spacing } from './dates.js';
import type { InputSeries, SeriesFile, SeriesReader } from './index.js';
import {
  cellNumber,
  inputError,
  isEmptyCell,
  MAX_SERIES,
  MAX_SERIES_LENGTH,
  notANumber,
  show,
} from './rows.js';

/**
 * The long format: one row per (id, date, value), rows of a series in any order. Each series is
 * sorted by date; a regular series with missing periods gets 0 for each, and a note says so.
 */

/** A column of the header: its position and its name as written, for messages. */
export interface Column {
  readonly index: number;
  readonly name: string;
}

/** Where the three columns of a long file are. */
export interface LongColumns {
  readonly id: Column;
  readonly date: Column;
  readonly value: Column;
}

/** The rows of one series as read, in file order; parallel arrays keep a big file small. */
interface Rows {
  readonly values: number[];
  readonly ms: number[];
  readonly days: number[];
  readonly labels: string[];
  readonly lines: number[];
  /** The time of day of the first label; a series whose labels differ in it is irregular. */
  readonly time: string;
  sameTime: boolean;
}

/** Reads the rows after the header (on `headerLine`) of a long file. */
export function longReader(columns: LongColumns, headerLine: number): SeriesReader {
  const byId = new Map<string, Rows>();
  return {
    add(cells, line) {
      const id = (cells[columns.id.index] ?? '').trim();
      if (id === '')
        throw inputError(`Line ${line}: the ${named(columns.id)} cell is empty; every row needs one.`);
      const label = (cells[columns.date.index] ?? '').trim();
      if (label === '')
        throw inputError(`Line ${line}: the ${named(columns.date)} cell is empty; every row needs one.`);
      const date = parseSeriesDate(label);
      if (!date) {
        throw inputError(
          `Line ${line}: the date ${show(label)} is not an ISO date; write YYYY-MM-DD, or an ISO date-time such as 2024-03-31T08:00:00Z.`,
        );
      }
      const cell = cells[columns.value.index] ?? '';
      const value = cellNumber(cell);
      if (Number.isNaN(value)) {
        if (isEmptyCell(cell)) {
          throw inputError(
            `Line ${line}: the ${named(columns.value)} cell is empty; every row needs a number (0 for a period without demand).`,
          );
        }
        throw notANumber(cell, line, `the ${named(columns.value)}`);
      }
      let rows = byId.get(id);
      if (!rows) {
        if (byId.size === MAX_SERIES) {
          throw inputError(`Line ${line}: the file holds more than ${MAX_SERIES} series; split it.`);
        }
        rows = { values: [], ms: [], days: [], labels: [], lines: [], time: date.time, sameTime: true };
        byId.set(id, rows);
      }
      if (rows.values.length === MAX_SERIES_LENGTH) {
        throw inputError(
          `Line ${line}: series ${show(id)} has more than ${MAX_SERIES_LENGTH} values; forecast a shorter history.`,
        );
      }
      rows.values.push(value);
      rows.ms.push(date.ms);
      rows.days.push(date.day);
      rows.labels.push(label);
      rows.lines.push(line);
      if (date.time !== rows.time) rows.sameTime = false;
    },
    finish(): SeriesFile {
      if (byId.size === 0) {
        throw inputError(
          `The file holds a header (line ${headerLine}) but no rows; add one row per id and date.`,
        );
      }
      const notes: string[] = [];
      const series = [...byId].map(([id, rows]) => assemble(id, rows, notes));
      return { format: 'long', series, notes };
    },
  };
}

function named(column: Column): string {
  return `${show(column.name)} (column ${column.index + 1})`;
}

/** One series in date order, its missing periods filled when it is regular. */
function assemble(id: string, rows: Rows, notes: string[]): InputSeries {
  const sorted = inDateOrder(id, rows);
  const { values, days, labels } = sorted;
  const spacing = rows.sameTime ? detectSpacing(days) : null;
  const first = days[0] as number;
  if (!spacing) {
    notes.push(
      values.length === 1
        ? `Series ${show(id)} has one date, so its spacing is unknown and its forecasts carry no dates.`
        : `Series ${show(id)}: its dates are not evenly daily, weekly or monthly, so no gaps were filled and its forecasts carry no dates.`,
    );
    return { id, values, dates: labels };
  }
  const length = periodsBetween(spacing, first, days.at(-1) as number) + 1;
  if (length === values.length) return { id, values, dates: labels };
  if (length > MAX_SERIES_LENGTH) {
    throw inputError(
      `Series ${show(id)} runs ${length} ${spacing.unit}s from ${labels[0]} to ${labels.at(-1)} once missing ${spacing.unit}s are filled; the limit is ${MAX_SERIES_LENGTH}. Check its dates or forecast a shorter history.`,
    );
  }
  return fillGaps(id, sorted, spacing, length, rows.time, notes);
}

function fillGaps(
  id: string,
  sorted: Sorted,
  spacing: Spacing,
  length: number,
  time: string,
  notes: string[],
): InputSeries {
  const first = sorted.days[0] as number;
  const values = new Array<number>(length).fill(0);
  const dates = new Array<string | undefined>(length).fill(undefined);
  sorted.days.forEach((day, i) => {
    const k = periodsBetween(spacing, first, day);
    values[k] = sorted.values[i] as number;
    dates[k] = sorted.labels[i];
  });
  let missing = 0;
  let firstMissing = '';
  const filled = dates.map((label, k) => {
    if (label !== undefined) return label;
    const made = labelAt(spacing, first, time, k);
    if (missing++ === 0) firstMissing = made;
    return made;
  });
  notes.push(
    `Series ${show(id)}: ${missing} missing ${spacing.unit}${missing === 1 ? '' : 's'} filled with 0 (the first is ${firstMissing}).`,
  );
  return { id, values, dates: filled };
}

interface Sorted {
  readonly values: number[];
  readonly days: number[];
  readonly labels: string[];
}

/** The rows ordered by instant; two rows for one instant are refused, naming both lines. */
function inDateOrder(id: string, rows: Rows): Sorted {
  const { ms, lines } = rows;
  let ordered = true;
  for (let i = 1; i < ms.length && ordered; i++) ordered = (ms[i] as number) > (ms[i - 1] as number);
  if (ordered) return rows;
  // A stable sort keeps rows of one instant in file order, so the error names the earlier line first.
  const order = Array.from(ms, (_, i) => i).sort((a, b) => (ms[a] as number) - (ms[b] as number));
  for (let j = 1; j < order.length; j++) {
    const a = order[j - 1] as number;
    const b = order[j] as number;
    if (ms[a] === ms[b]) {
      const [first, second] = [rows.labels[a] ?? '', rows.labels[b] ?? ''];
      const when = first === second ? show(first) : `the same instant (${show(first)} and ${show(second)})`;
      throw inputError(
        `Lines ${lines[a]} and ${lines[b]} both give series ${show(id)} a value for ${when}; keep one row per id and date.`,
      );
    }
  }
  return {
    values: order.map((i) => rows.values[i] as number),
    days: order.map((i) => rows.days[i] as number),
    labels: order.map((i) => rows.labels[i] as string),
  };
}
