import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Checks every JSON response a test app sends against the published OpenAPI document
 * (docs/openapi.json): the route, its status and its body must be described there.
 */
const document = JSON.parse(fs.readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(document, 'openapi.json');

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validatorFor(path: string, method: string, status: number, contentType: string) {
  const operation = document.paths[path]?.[method];
  if (!operation) return null;
  const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k]);
  if (!statusKey) return `status ${status} is not documented`;
  const media = contentType.startsWith('application/problem+json')
    ? 'application/problem+json'
    : 'application/json';
  const content = operation.responses[statusKey]?.content;
  if (!content?.[media]) return `${media} for ${status} is not documented`;
  const ref = `openapi.json#/${pointer('paths', path, method, 'responses', statusKey, 'content', media, 'schema')}`;
  return ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
}

/** Records contract violations of the app's responses; returns the list (empty = all conform). */
export function watchContract(app: FastifyInstance): string[] {
  const violations: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    const contentType = String(reply.getHeader('content-type') ?? '');
    // A 204 has no body to check (Fastify drops whatever payload a handler leaves).
    if (!url || reply.statusCode === 204 || typeof payload !== 'string' || !contentType.includes('json'))
      return payload;
    // '::' is Fastify's escaped literal colon (/shipments::batch); ':name' is a path parameter,
    // ':name(regex)' one with a route regex (/jobs/:id(^\d+)::cancel).
    const path = url
      .replace(/(:\w+)\([^)]*\)/g, '$1')
      .replace(/::/g, '%3A')
      .replace(/:(\w+)/g, '{$1}')
      .replace(/%3A/g, ':');
    if (!document.paths[path]) return payload; // probes, docs and test-only routes are not API
    const validate = validatorFor(path, request.method.toLowerCase(), reply.statusCode, contentType);
    if (typeof validate === 'string') violations.push(`${request.method} ${path}: ${validate}`);
    else if (validate && !validate(JSON.parse(payload))) {
      violations.push(`${request.method} ${path} ${reply.statusCode}: ${ajv.errorsText(validate.errors)}`);
    }
    return payload;
  });
  return violations;
}
