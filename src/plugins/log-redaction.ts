import type { FastifyRequest } from 'fastify';

/**
 * Credentials belong in headers, and the API reads them only from headers; but a client may
 * still put one in a query string (`?api_key=…`), and URLs are logged. Query parameters whose
 * name looks like a secret are masked in every logged URL.
 */
const SECRET_PARAM =
  /^(api[_-]?key|apikey|key|token|access[_-]?token|refresh[_-]?token|id[_-]?token|auth|authorization|password|passwd|pwd|secret|client[_-]?secret|signature|sig|session|jwt|bearer|credentials?)$/i;

export const REDACTED = '[redacted]';

/** The URL with the values of secret-looking query parameters replaced by [redacted]. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url.slice(q + 1);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    // A name that only looks harmless after decoding tricks is still a secret name.
    if (!SECRET_PARAM.test(name.trim()) && !/(secret|token|passw|api[_-]?key)/i.test(name)) return part;
    changed = true;
    return `${rawName}=${REDACTED}`;
  });
  return changed ? `${url.slice(0, q)}?${parts.join('&')}` : url;
}

/** pino serializer for `req`: Fastify's default fields, with the URL redacted. */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
