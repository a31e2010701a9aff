import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDocs } from '../src/config.js';

describe('README', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('documents every configuration variable with its meaning', () => {
    for (const [name, meaning] of Object.entries(configDocs)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `README row for ${name}`).toBeDefined();
      expect(row?.replace(/`/g, '')).toContain(meaning.replace(/`/g, ''));
    }
  });
});
