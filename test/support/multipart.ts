import { randomBytes } from 'node:crypto';

/** A multipart/form-data body as a browser or curl sends it: text fields first, then one file. */
export function multipart(
  file: { readonly name: string; readonly content: Buffer | string; readonly type?: string },
  fields: Readonly<Record<string, string>> = {},
  fieldName = 'file',
): { readonly body: Buffer; readonly headers: Record<string, string> } {
  const boundary = `----lanewise${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    body: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
