import { Command, InvalidArgumentError, Option } from 'commander';
import {
  dimensionNamed,
  type QueryResult,
  rebuildRollups,
  relativeRanges,
  resultToCsv,
  runQuery,
  type SemanticQueryInput,
} from '../modules/analytics/index.js';
import { systemCaller } from '../modules/auth/index.js';
import { listOrganizations, organizationBySlug } from '../modules/organizations/index.js';
import { configFrom, orgIdOf, say, withDatabase, withDatabaseOption } from './context.js';

/**
 * `lanewise query` runs the semantic queries of POST /analytics/query from a terminal (as the
 * installation's operator, for one organization); `lanewise rollups rebuild` rebuilds the
 * shipment rollups of one or every organization.
 */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
const ops = [
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['!=', 'neq'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
] as const;

/** `field=value`, `field!=value`, `field>=500`, `field=a|b` (any of): one filter. */
function parseWhere(text: string): NonNullable<SemanticQueryInput['filters']>[number] {
  for (const [symbol, op] of ops) {
    const at = text.indexOf(symbol);
    if (at <= 0) continue;
    const field = text.slice(0, at).trim();
    const raw = text.slice(at + symbol.length).trim();
    const type = dimensionNamed(field)?.type;
    const value = (v: string) =>
      v === 'null'
        ? null
        : type === 'boolean'
          ? v === 'true'
          : type === 'number' || (type === 'id' && /^[0-9]+$/.test(v))
            ? Number(v)
            : v;
    if (raw.includes('|') && (op === 'eq' || op === 'neq')) {
      return { field, op: op === 'eq' ? 'in' : 'notIn', value: raw.split('|').map(value) };
    }
    return { field, op, value: value(raw) };
  }
  throw new InvalidArgumentError(
    'use field=value, field!=value, field>=n, field<n (or field=a|b for any of)',
  );
}

const lastPattern = /^([1-9][0-9]*)(d|w|m)$/;
function parseLast(text: string) {
  const match = lastPattern.exec(text);
  if (!match) throw new InvalidArgumentError('like 30d, 12w or 6m');
  const unit = ({ d: 'days', w: 'weeks', m: 'months' } as const)[match[2] as 'd' | 'w' | 'm'];
  return { last: Number(match[1]), unit };
}

interface QueryOptions {
  databaseUrl?: string;
  org?: string;
  metric: string[];
  by?: string[];
  where?: ReturnType<typeof parseWhere>[];
  from?: string;
  to?: string;
  range?: (typeof relativeRanges)[number];
  last?: ReturnType<typeof parseLast>;
  grain?: 'day' | 'week' | 'month' | 'quarter' | 'year';
  compare?: 'previous_period' | 'same_period_last_year';
  sort?: string;
  limit?: number;
  format: 'table' | 'csv' | 'json';
  sql?: boolean;
}

export function queryCommand(): Command {
  return withDatabaseOption(new Command('query'))
    .description('Run a semantic query (the metrics of GET /api/v1/analytics/catalog) and print its answer')
    .requiredOption('-m, --metric <names>', 'metric(s), comma-separated or repeated', collect)
    .option('-b, --by <names>', 'dimension(s) to break down by', collect)
    .option(
      '-w, --where <filter>',
      'a filter such as mode=air, carrier="Blue Line", weightKg>500 (repeatable)',
      (v, p: ReturnType<typeof parseWhere>[] = []) => [...p, parseWhere(v)],
    )
    .option('--from <day>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <day>', 'last day (YYYY-MM-DD), with --from')
    .addOption(new Option('--range <name>', 'a named period').choices(relativeRanges))
    .option('--last <n>', 'the last N days/weeks/months: 30d, 12w, 6m', parseLast)
    .addOption(
      new Option('--grain <grain>', 'a time series at this grain').choices([
        'day',
        'week',
        'month',
        'quarter',
        'year',
      ]),
    )
    .addOption(
      new Option('--compare <with>', 'add the change against another period').choices([
        'previous_period',
        'same_period_last_year',
      ]),
    )
    .option('--sort <field>', 'order by a metric or dimension (prefix - for descending)')
    .option('--limit <n>', 'at most this many rows', (v) => Number(v))
    .option('--org <slug>', 'the organization (needed when there are several)')
    .addOption(
      new Option('--format <format>', 'how to print the answer')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .option('--sql', 'also print the SQL that ran (table format)')
    .action(async (o: QueryOptions) => {
      await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
        const orgId = await orgIdOf(db, o.org);
        const timeRange =
          o.from || o.to
            ? { from: o.from ?? '', to: o.to ?? '' }
            : o.range
              ? { relative: o.range }
              : o.last
                ? o.last
                : undefined;
        const query: SemanticQueryInput = {
          metrics: o.metric,
          dimensions: o.by ?? [],
          filters: o.where ?? [],
          ...(timeRange ? { timeRange } : {}),
          ...(o.grain ? { grain: o.grain } : {}),
          ...(o.compare ? { compare: o.compare } : {}),
          ...(o.limit !== undefined ? { limit: o.limit } : {}),
          ...(o.sort
            ? {
                orderBy: [
                  { field: o.sort.replace(/^-/, ''), direction: o.sort.startsWith('-') ? 'desc' : 'asc' },
                ],
              }
            : {}),
        };
        const result = await runQuery(db, systemCaller(orgId), query);
        if (o.format === 'json') say(JSON.stringify(result, null, 2));
        else if (o.format === 'csv') process.stdout.write(resultToCsv(result));
        else printResult(result, o.sql === true);
      });
    });
}

export function rollupsCommand(): Command {
  const rollups = new Command('rollups').description('Maintain the analytics rollups');
  rollups.addCommand(
    withDatabaseOption(new Command('rebuild'))
      .description('Rebuild the shipment rollups from the shipments (every organization unless --org)')
      .option('--org <slug>', 'only this organization')
      .action(async (o: { databaseUrl?: string; org?: string }) => {
        await withDatabase(configFrom(o), { migrate: true }, async ({ db }) => {
          const orgs = o.org ? [await organizationBySlug(db, o.org)] : await listOrganizations(db);
          for (const org of orgs) {
            const started = performance.now();
            const { rows } = await rebuildRollups(db, org.id);
            say(
              `${org.slug}: ${rows.toLocaleString('en-US')} rollup rows in ${Math.round(performance.now() - started)} ms`,
            );
          }
        });
      }),
  );
  return rollups;
}

/** The answer as an aligned table, then its notes (and the SQL when asked). */
function printResult(result: QueryResult, withSql: boolean): void {
  printTable(result.columns, result.rows);
  const range = result.query.timeRange;
  say(
    `\n${result.rows.length} rows · ${range ? `${range.from} … ${range.to}` : 'all time'} · from ${result.servedFrom} · ${result.elapsedMs} ms`,
  );
  for (const note of result.notes) say(`note: ${note}`);
  if (withSql) say(`\n${result.sql}`);
}

/** Rows as an aligned table: metrics right-aligned, ids left out (their names are shown). */
export function printTable(allColumns: QueryResult['columns'], rows: QueryResult['rows']): void {
  const columns = allColumns.filter((c) => c.type !== 'id');
  const cell = (value: unknown, format: string) => {
    if (value === null || value === undefined) return '–';
    if (typeof value !== 'number') return String(value);
    if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
    if (format === 'currency')
      return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
  };
  const header = columns.map((c) =>
    c.role === 'metric' && c.unit && c.format === 'currency' ? `${c.label} (${c.unit})` : c.label,
  );
  const lines = rows.map((row) => columns.map((c) => cell(row[c.name], c.format)));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  for (const line of [header, ...lines]) {
    say(
      line
        .map((text, i) =>
          columns[i]?.role === 'metric' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    );
  }
  if (rows.length === 0) say('(no rows)');
}
