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
