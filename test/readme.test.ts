import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDocs } from '../src/config.js';
import { metrics } from '../src/modules/analytics/semantic/metrics.js';

describe('README', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  // Table rows as trimmed cells, whatever the column padding.
  const rows = readme
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it('documents every configuration variable with its meaning', () => {
    for (const [name, meaning] of Object.entries(configDocs)) {
      const row = rows.find((cells) => cells[0] === `\`${name}\``);
      expect(row, `README row for ${name}`).toBeDefined();
      expect(row?.[2]?.replace(/`/g, '')).toBe(meaning.replace(/`/g, ''));
    }
  });

  it('lists every metric of the catalog with its definition', () => {
    for (const metric of metrics) {
      const row = rows.find((cells) => cells[0] === `\`${metric.name}\``);
      expect(row, `README row for ${metric.name}`).toBeDefined();
      expect(row?.[1]).toBe(metric.description.replaceAll('|', '\\|'));
    }
  });
});
