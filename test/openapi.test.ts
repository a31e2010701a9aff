import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../src/cli/openapi.js';

describe('docs/openapi.json', () => {
  it('is the document this build generates (run `npm run openapi` after changing a route)', async () => {
    const committed = fs.readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    const generated = await renderOpenApi();
    expect(committed === generated, 'docs/openapi.json is stale: run `npm run openapi` and commit it').toBe(
      true,
    );
  });

  it('gives every operation an id, a summary, a tag and a problem answer', async () => {
    const doc = JSON.parse(await renderOpenApi()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { operationId?: string; summary?: string; tags?: string[]; responses: Record<string, unknown> }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.responses['4XX'], where).toBeDefined();
    }
  });
});

describe('examples in the OpenAPI document', () => {
  it('each validates against the schema that carries it', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const addFormats = (await import('ajv-formats')).default as unknown as (
      a: InstanceType<typeof Ajv2020>,
    ) => void;
    const doc = JSON.parse(await renderOpenApi()) as {
      components: { schemas: Record<string, { examples?: unknown[] }> };
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
    let checked = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of schema.examples ?? []) {
        const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
        expect(validate, name).toBeDefined();
        expect(validate?.(example), `${name}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('what routes declare, the document says', () => {
  it('marks exactly the public routes `security: []` and declares Idempotency-Key where it is accepted', async () => {
    const { createTestApp } = await import('./support/app.js');
    const ctx = await createTestApp('sqlite');
    try {
      const doc = ctx.app.swagger() as {
        paths: Record<
          string,
          Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[] }>
        >;
      };
      const declared = new Map<string, { access: unknown }>();
      for (const r of ctx.app.routeAccess) {
        // find-my-way syntax to OpenAPI's: `:id` is {id} (`:id(regex)` too), `::` a literal colon.
        const url = r.url
          .replace(/(:\w+)\([^)]*\)/g, '$1')
          .replace(/(?<!:):(\w+)/g, '{$1}')
          .replace(/::/g, ':');
        for (const m of ([] as string[]).concat(r.method)) {
          declared.set(`${m.toLowerCase()} ${url}`, { access: r.access });
        }
      }
      const idempotent = new Set<string>();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const where = `${method} ${path}`;
          const route = declared.get(where);
          expect(route, where).toBeDefined();
          if (route?.access === 'public') expect(op.security, where).toEqual([]);
          else expect(op.security, where).toBeUndefined();
          if (op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
            idempotent.add(where);
        }
      }
      expect([...declared.entries()].filter(([, r]) => r.access === 'public').length).toBeGreaterThan(3);
      expect(idempotent).toEqual(
        new Set([
          'post /api/v1/imports/runs',
          'post /api/v1/forecasts/runs',
          'post /api/v1/shipments',
          'post /api/v1/shipments/{id}/events',
          'post /api/v1/orders',
          'post /api/v1/inventory/snapshots',
          'post /api/v1/inventory/movements',
        ]),
      );
      // Examples of secrets have the shape of the real thing.
      const text = JSON.stringify(doc);
      for (const key of text.match(/lwk_[A-Za-z0-9_-]+/g) ?? [])
        expect(key.length === 12 || key.length === 47, key).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
