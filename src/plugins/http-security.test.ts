import { describe, expect, it } from 'vitest';
import { securityHeaders } from './http-security.js';

describe('securityHeaders', () => {
  it("captures helmet's headers once, with our CSP changes", () => {
    const headers = securityHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      },
    });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
