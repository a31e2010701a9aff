/**
 * The name a pulled file is shown and detected by: Content-Disposition's filename* (RFC 8187),
 * then its filename, then the last segment of the final URL's path. It is display text only
 * (storage names files by key), but it is still cut to a plain base name without control
 * characters, so nothing downstream meets a path or a terminal escape in it.
 */

const FALLBACK = 'download';
const PARAMETER = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

/** The file name for a response (header may be absent); never empty. */
export function fileNameFor(contentDisposition: string | undefined, finalUrl: URL): string {
  const fromHeader = contentDisposition === undefined ? null : dispositionName(contentDisposition);
  return clean(fromHeader ?? '') ?? clean(lastSegment(finalUrl)) ?? FALLBACK;
}

function dispositionName(header: string): string | null {
  const params = new Map<string, string>();
  for (const match of `;${header.replace(/^[^;]*/, '')}`.matchAll(PARAMETER)) {
    const name = match[1]?.toLowerCase();
    const raw = (match[2] ?? '').trim();
    if (name === undefined || params.has(name)) continue;
    params.set(name, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  const extended = params.get('filename*');
  const decoded = extended === undefined ? null : decodeExtended(extended);
  return decoded ?? params.get('filename') ?? null;
}

/** RFC 8187 `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are the charsets it defines. */
function decodeExtended(value: string): string | null {
  const match = /^([\w!#$%&+^`{}~-]+)'[\w-]*'(.*)$/.exec(value);
  if (!match) return null;
  const charset = match[1]?.toLowerCase();
  const text = match[2] ?? '';
  try {
    if (charset === 'utf-8') return decodeURIComponent(text);
    if (charset === 'iso-8859-1') {
      return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    }
  } catch {
    return null;
  }
  return null;
}

function lastSegment(url: URL): string {
  const segment = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function clean(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const visible = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (visible === '' || visible === '.' || visible === '..') return null;
  return [...visible].slice(0, 255).join('');
}
