import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `engines` must be true: every installed package (dependencies and tools, at any depth) accepts
 * the oldest release of every Node line we claim, so `npm install` prints no EBADENGINE there.
 * A dependency upgrade that drops one of them fails here, not on a user's machine.
 */
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The first release of each line `engines` admits, plus Node 24 (the current LTS), which CI runs. */
const floors = [
  ...pkg.engines.node.split('||').map((range) => semver.minVersion(range.trim())?.version ?? range),
  '24.0.0',
];

function installedPackages(dir: string, found: { name: string; engines?: string }[] = []) {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (entry.startsWith('@')) {
      installedPackages(full, found);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name, version, engines } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        name: string;
        version: string;
        engines?: { node?: unknown };
      };
      const node = typeof engines?.node === 'string' ? engines.node : undefined;
      found.push({ name: `${name}@${version}`, ...(node ? { engines: node } : {}) });
    }
    installedPackages(path.join(full, 'node_modules'), found);
  }
  return found;
}

describe('supported Node versions', () => {
  it('are the ones the README states', () => {
    expect(floors).toEqual(['20.19.0', '22.13.0', '24.0.0']);
    expect(readme).toContain('Requires Node.js 20.19+, 22.13+ or 24');
  });

  it('are accepted by every installed package', () => {
    const packages = installedPackages(path.join(root, 'node_modules'));
    expect(packages.length).toBeGreaterThan(100);
    const refusals = packages.flatMap(({ name, engines }) =>
      engines
        ? floors.filter((v) => !semver.satisfies(v, engines)).map((v) => `${name} (${engines}) refuses ${v}`)
        : [],
    );
    expect(refusals).toEqual([]);
  });
});
