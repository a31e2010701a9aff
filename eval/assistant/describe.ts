/**
 * A semantic query in a few words, for the evaluation's list of wrong answers:
 * `onTimeRate by carrier | mode eq "air" | 2026-05-01…2026-05-31 | order onTimeRate desc | limit 5`.
 * Reads the input form and the resolved form alike (the assistant answers with the latter).
 */
export function describeQuery(query: unknown): string {
  if (typeof query !== 'object' || query === null) return String(query);
  const q = query as {
    metrics?: string[];
    dimensions?: string[];
    filters?: { field: string; op?: string; value: unknown }[];
    timeRange?: Record<string, unknown>;
    grain?: string;
    compare?: string;
    orderBy?: { field: string; direction?: string }[];
    limit?: number;
    having?: { metric: string; op: string; value: number }[];
  };
  const parts = [
    `${(q.metrics ?? []).join(', ')}${q.dimensions?.length ? ` by ${q.dimensions.join(', ')}` : ''}`,
  ];
  for (const f of q.filters ?? []) parts.push(`${f.field} ${f.op ?? 'eq'} ${JSON.stringify(f.value)}`);
  if (q.timeRange) parts.push(rangeText(q.timeRange));
  if (q.grain) parts.push(`per ${q.grain}`);
  if (q.compare) parts.push(`vs ${q.compare}`);
  for (const h of q.having ?? []) parts.push(`having ${h.metric} ${h.op} ${h.value}`);
  if (q.orderBy?.length)
    parts.push(`order ${q.orderBy.map((o) => `${o.field} ${o.direction ?? 'desc'}`).join(', ')}`);
  // 1,000 is the schema's default: only a chosen limit says something.
  if (q.limit !== undefined && q.limit !== 1_000) parts.push(`limit ${q.limit}`);
  return parts.join(' | ');
}

function rangeText(range: Record<string, unknown>): string {
  if ('from' in range) return `${String(range.from)}…${String(range.to)}`;
  if ('relative' in range) return String(range.relative);
  if ('last' in range) return `last ${String(range.last)} ${String(range.unit)}`;
  return JSON.stringify(range);
}
