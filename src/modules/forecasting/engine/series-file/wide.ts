import { parseSeriesDate } from './dates.js';
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
 * The wide format of the M4 competition files: one row per series, its id and then its values,
 * oldest first. Rows differ in length, so trailing empty cells are padding; an empty cell with
 * values after it is a hole no model can read, and is refused.
 */

/** Reads the rows of a wide file; `headerLine` is the line of a skipped header, if there was one. */
export function wideReader(headerLine: number | null): SeriesReader {
  const series: InputSeries[] = [];
  const lineOf = new Map<string, number>();
  return {
    add(cells, line) {
      const id = (cells[0] ?? '').trim();
      if (id === '') throw inputError(`Line ${line}: the first cell is empty; it must hold the series id.`);
      const earlier = lineOf.get(id);
      if (earlier !== undefined) {
        throw inputError(
          `Lines ${earlier} and ${line} both hold series ${show(id)}; give each series one row.`,
        );
      }
      if (series.length === MAX_SERIES) {
        throw inputError(`Line ${line}: the file holds more than ${MAX_SERIES} series; split it.`);
      }
      let end = cells.length;
      while (end > 1 && isEmptyCell(cells[end - 1])) end--;
      if (end === 1) throw inputError(`Line ${line}: series ${show(id)} has no values after its id.`);
      if (end - 1 > MAX_SERIES_LENGTH) {
        throw inputError(
          `Line ${line}: series ${show(id)} has ${end - 1} values, more than ${MAX_SERIES_LENGTH}; forecast a shorter history.`,
        );
      }
      const values: number[] = [];
      for (let j = 1; j < end; j++) {
        const cell = cells[j] as string;
        const value = cellNumber(cell);
        if (Number.isNaN(value)) throw badCell(cell, line, j, id);
        values.push(value);
      }
      series.push({ id, values, dates: null });
      lineOf.set(id, line);
    },
    finish(): SeriesFile {
      if (series.length === 0) {
        throw inputError(`The file holds a header (line ${headerLine ?? 1}) but no series rows.`);
      }
      return { format: 'wide', series, notes: [] };
    },
  };
}

function badCell(cell: string, line: number, index: number, id: string): Error {
  if (isEmptyCell(cell)) {
    return inputError(
      `Line ${line}: column ${index + 1} of series ${show(id)} is empty but later columns hold values; only trailing cells may be empty.`,
    );
  }
  if (parseSeriesDate(cell.trim())) {
    // A long file whose header was not recognised lands here: say what the header must be.
    return inputError(
      `Line ${line}: column ${index + 1} holds the date ${show(cell.trim())}; a file of (id, date, value) rows needs a header row naming its id, date and value columns.`,
    );
  }
  return notANumber(cell, line, `column ${index + 1}`);
}
