import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The public forecasting data sets of ../shared/data (read in place, never copied): M4 Weekly
 * and Hourly with the official Naive2 forecasts, and Hyndman's car parts.
 */

const dataDir = fileURLToPath(new URL('../../shared/data/', import.meta.url));

/** One M4 series: its history and the competition's test window. */
export interface M4Series {
  readonly id: string;
  readonly train: number[];
  readonly test: number[];
}

/** The M4 frequencies the benchmarks use, with the competition's horizon and season. */
export const M4_FREQUENCIES = {
  Weekly: { horizon: 13, season: 1, prefix: 'W' },
  Hourly: { horizon: 48, season: 24, prefix: 'H' },
} as const;
export type M4Frequency = keyof typeof M4_FREQUENCIES;

function rows(file: string): string[][] {
  return readFileSync(`${dataDir}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').map((cell) => cell.replaceAll('"', '')));
}

function numbersAfterId(row: string[]): number[] {
  return row
    .slice(1)
    .filter((cell) => cell !== '' && cell !== 'NA')
    .map(Number);
}

/** Whether the data sets are on this machine (the benchmarks skip with a note when not). */
export function forecastDataAvailable(): boolean {
  try {
    readFileSync(`${dataDir}README.md`);
    return true;
  } catch {
    return false;
  }
}

/** The M4 series of one frequency, train and test joined by id. */
export function loadM4(frequency: M4Frequency): M4Series[] {
  const train = rows(`m4/${frequency}-train.csv`).slice(1);
  const test = new Map(
    rows(`m4/${frequency}-test.csv`)
      .slice(1)
      .map((r) => [r[0], numbersAfterId(r)]),
  );
  return train.map((row) => {
    const id = row[0] as string;
    return { id, train: numbersAfterId(row), test: test.get(id) ?? [] };
  });
}

/** The official M4 Naive2 point forecasts by series id. */
export function loadOfficialNaive2(): Map<string, number[]> {
  return new Map(
    rows('m4/Naive2-forecasts-WDH.csv')
      .slice(1)
      .map((row) => [row[0] as string, numbersAfterId(row)]),
  );
}

/** The car parts series (51 months each); the last `horizon` months are held out. */
export function loadCarparts(horizon: number): M4Series[] {
  return rows('carparts/carparts.csv')
    .slice(1)
    .map((row) => {
      const values = row.slice(1).map((cell) => (cell === '' || cell === 'NA' ? Number.NaN : Number(cell)));
      return { id: row[0] as string, values };
    })
    .filter((s) => s.values.every(Number.isFinite))
    .map(({ id, values }) => ({
      id,
      train: values.slice(0, -horizon),
      test: values.slice(-horizon),
    }));
}
