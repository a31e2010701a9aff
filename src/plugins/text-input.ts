import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../lib/errors.js';

/**
 * Text from clients must be well-formed Unicode without NUL characters. PostgreSQL refuses NUL
 * in text (it would surface as a 500), and a lone UTF-16 surrogate is silently replaced, a
 * different way by each database: both are refused up front, for every route, with the path.
 *
 * Structure is bounded too: no contract nests deeper than a few levels, and a 16 KiB body can
 * nest about 8,000 levels, enough to exhaust the stack of any recursive walk (ours, a schema
 * validator's, a serializer's). Documents deeper than MAX_DEPTH are refused before anything
 * else walks them, and this walk itself keeps an explicit stack instead of recursing.
 */
export const MAX_DEPTH = 64;
const MAX_ERRORS = 20;

function badText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}

/**
 * Route params and query strings are flat maps of strings (a GET has no body, and usually no
 * query): those are checked in place, without the walk's stack of items, in the same order and
 * with the same errors. False when a member is not a string: the full walk then runs.
 */
function inspectFlat(root: object, rootPath: string, errors: FieldError[]): boolean {
  const names = Object.keys(root);
  const values = root as Record<string, unknown>;
  for (const name of names) if (typeof values[name] !== 'string') return false;
  for (const name of names) {
    if (errors.length >= MAX_ERRORS) break;
    const path = `${rootPath}.${name}`;
    const keyProblem = badText(name);
    if (keyProblem) errors.push({ path, message: `field name ${keyProblem}` });
    const problem = badText(values[name] as string);
    if (problem) errors.push({ path, message: problem });
  }
  return true;
}

/** What is wrong with one request part: malformed text (with paths), or a path nested too deep. */
function inspect(root: unknown, rootPath: string, errors: FieldError[]): void {
  // Absent parts (no body, no params) have nothing to walk.
  if (root === undefined || root === null) return;
  if (typeof root === 'object' && !Array.isArray(root) && inspectFlat(root, rootPath, errors)) return;
  type Item = { value: unknown; path: string; depth: number; key?: string };
  const stack: Item[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value, path, depth, key } = stack.pop() as Item;
    // A field name is checked when its member is visited, so errors come out in document order.
    if (key !== undefined) {
      const keyProblem = badText(key);
      if (keyProblem) errors.push({ path, message: `field name ${keyProblem}` });
    }
    if (typeof value === 'string') {
      const problem = badText(value);
      if (problem) errors.push({ path, message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      // One error for the whole subtree: its paths would be as deep as the attack.
      errors.push({ path, message: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    // Pushed in reverse so members are visited in document order.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}.${i}`, depth: depth + 1 });
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [name, item] = entries[i] as [string, unknown];
        stack.push({ value: item, path: `${path}.${name}`, depth: depth + 1, key: name });
      }
    }
  }
}

/** Field errors for malformed text or excessive nesting anywhere in a request's params, query and body. */
export function malformedText(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldError[] {
  const errors: FieldError[] = [];
  inspect(request.params, 'params', errors);
  inspect(request.query, 'querystring', errors);
  inspect(request.body, 'body', errors);
  return errors.slice(0, MAX_ERRORS);
}

async function textInputPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', (request, _reply, done) => {
    const errors = malformedText(request);
    if (errors.length === 0) return done();
    done(
      new AppError('REQUEST_INVALID', `The request is invalid: ${errors.map((e) => e.path).join(', ')}.`, {
        errors,
      }),
    );
  });
}

export default fp(textInputPlugin, { name: 'lanewise-text-input', fastify: '5.x' });
