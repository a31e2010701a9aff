import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults: embedded SQLite, 127.0.0.1:3000, demo on', () => {
    const config = loadConfig({});
    expect(config.database.dialect).toBe('sqlite');
    expect(config.database).toMatchObject({ file: expect.stringMatching(/data\/lanewise\.db$/) });
    expect(config.http).toMatchObject({ port: 3000, host: '127.0.0.1' });
    expect(config.demo).toEqual({ enabled: true, shipments: 50_000, seed: 42, password: null });
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('names the variable and the expectation when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ LANEWISE_DEMO: 'maybe' })).toThrow(/LANEWISE_DEMO="maybe".*expected one of/);
    expect(() => loadConfig({ DATABASE_URL: 'redis://x' })).toThrow(
      /DATABASE_URL: unsupported scheme "redis:"/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://host-only' })).toThrow(
      /DATABASE_URL: needs a host and a database/,
    );
  });

  it('lets CLI overrides win over the environment and treats empty as unset', () => {
    const config = loadConfig({ PORT: '4000', HOST: '' }, { PORT: '5000' });
    expect(config.http.port).toBe(5000);
    expect(config.http.host).toBe('127.0.0.1');
  });

  it('reads the demo switch in its usual spellings', () => {
    expect(loadConfig({ LANEWISE_DEMO: '0' }).demo.enabled).toBe(false);
    expect(loadConfig({ LANEWISE_DEMO: 'off' }).demo.enabled).toBe(false);
    expect(loadConfig({ LANEWISE_DEMO: 'true' }).demo.enabled).toBe(true);
  });

  it('reads the authentication settings and never echoes a secret back', () => {
    const config = loadConfig({});
    expect(config.auth).toMatchObject({ jwtSecret: null, issuer: 'lanewise', accessTokenTtlS: 900 });
    expect(() => loadConfig({ LANEWISE_JWT_SECRET: 'short-secret-value' })).toThrow(
      /LANEWISE_JWT_SECRET=\[redacted\]: at least 32/,
    );
    expect(() => loadConfig({ LANEWISE_JWT_SECRET: 'short-secret-value' })).not.toThrow(/short-secret-value/);
    expect(() =>
      loadConfig({ LANEWISE_REFRESH_IDLE_TTL: '7200', LANEWISE_REFRESH_ABSOLUTE_TTL: '3600' }),
    ).toThrow(/LANEWISE_REFRESH_ABSOLUTE_TTL/);
  });
});

describe('LANEWISE_TRUST_PROXY', () => {
  it('reads false, true or a list of proxies', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ LANEWISE_TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ LANEWISE_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });
});
