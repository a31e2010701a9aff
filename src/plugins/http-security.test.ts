import { describe, expect, it } from 'vitest';
import { securityHeaders } from './http-security.js';

describe('securityHeaders', () => {
  it("captures helmet's headers once, with our CSP changes", () => {
    const headers = securityHeaders({
      contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
    });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
