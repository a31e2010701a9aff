import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../lib/errors.js';

/**
 * Text from clients must be well-formed Unicode without NUL characters. PostgreSQL refuses NUL
 * in text (it would surface as a 500), and a lone UTF-16 surrogate is silently replaced, a
 * different way by each database: both are refused up front, for every route, with the path.
 */
function badText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}

function collect(value: unknown, path: string, errors: FieldError[]): void {
  if (errors.length >= 20) return;
  if (typeof value === 'string') {
    const problem = badText(value);
    if (problem) errors.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) collect(item, `${path}.${i}`, errors);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      const keyProblem = badText(key);
      if (keyProblem) errors.push({ path: at, message: `field name ${keyProblem}` });
      collect(item, at, errors);
    }
  }
}

/** Field errors for malformed text anywhere in a request's params, query and body. */
export function malformedText(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldError[] {
  const errors: FieldError[] = [];
  collect(request.params, 'params', errors);
  collect(request.query, 'querystring', errors);
  collect(request.body, 'body', errors);
  return errors;
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
