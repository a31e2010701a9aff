import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigests } from '../../src/modules/alerts/index.js';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Alert channels end to end on each database (issue #12, ADR 0021): an outbound webhook signed
 * with the channel's secret and retried through the job queue while the receiver fails, then
 * dead-lettered when it keeps failing; e-mail through a real SMTP server started here; digests
 * of one message per period; the outbound-URL guard; nothing told while an alert is snoozed.
 */

type Headers = Record<string, string>;
type Json = Record<string, unknown>;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver answering `statuses` in turn (the last one from then on). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testDialects)('alert channels on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Headers;
  let smtp: SMTPServer;
  const mails: { to: string; data: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (chunk) => {
          data += chunk;
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    ctx = await createTestApp(dialect, {
      worker: true,
      env: {
        LANEWISE_JOB_POLL_MS: '50',
        LANEWISE_IMPORT_ALLOW_HOSTS: '127.0.0.1',
        LANEWISE_SMTP_URL: `smtp://127.0.0.1:${port}`,
        LANEWISE_SMTP_FROM: 'Lanewise Test <alerts@lanewise.test>',
      },
    });
    org = await createOrgWithUsers(ctx.database.db, { slug: 'channels-a' });
    admin = bearer(await accessTokenFor(ctx.app, org.users.admin.id, org.orgId));
  });
  afterAll(async () => {
    await ctx?.close();
    await new Promise<void>((r) => smtp?.close(() => r()));
  });

  const ok = async (method: string, url: string, body?: unknown, status = 200) => {
    const res = await send(ctx.app, method, url, admin, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.statusCode === 204 ? null : res.json();
  };
  let serial = 0;
  /** A rule of its own, watching one carrier with one late shipment: each evaluation finds one condition. */
  const raiseAlert = async () => {
    const n = ++serial;
    const carrier = await ok('POST', '/api/v1/carriers', { name: `Carrier ${n}` }, 201);
    const rule = await ok(
      'POST',
      '/api/v1/alert-rules',
      { name: `late-${n}`, type: 'shipment_late', status: 'paused', params: { carrierIds: [carrier.id] } },
      201,
    );
    await ok(
      'POST',
      '/api/v1/shipments',
      {
        reference: `CH-${n}`,
        mode: 'ftl',
        carrierId: carrier.id,
        status: 'in_transit',
        plannedPickupAt: hoursAgo(72),
        actualPickupAt: hoursAgo(70),
        plannedDeliveryAt: hoursAgo(24),
      },
      201,
    );
    return {
      rule,
      evaluate: () => ok('POST', `/api/v1/alert-rules/${rule.id}/evaluate`),
      reference: `CH-${n}`,
    };
  };
  const deliveries = async (channelId: number) =>
    (await ok('GET', `/api/v1/alert-channels/${channelId}/deliveries`)).data as Json[];
  const archive = (channelId: number) => ok('DELETE', `/api/v1/alert-channels/${channelId}`, undefined, 204);

  it('posts a signed alert to a webhook, retrying through the job queue until it answers', async () => {
    const hook = await receiver([503, 500, 200]);
    try {
      const channel = await ok(
        'POST',
        '/api/v1/alert-channels',
        { name: 'ops hook', kind: 'webhook', webhook: { url: hook.url } },
        201,
      );
      expect(channel.secret).toMatch(/^lwas_/);
      expect((await ok('GET', `/api/v1/alert-channels/${channel.id}`)).secret).toBeUndefined();
      const { evaluate, reference } = await raiseAlert();
      await evaluate();
      const [sent] = await waitFor('the delivery sent', async () => {
        const list = await deliveries(channel.id);
        return list[0]?.status === 'sent' ? list : undefined;
      });
      expect(sent).toMatchObject({ change: 'opened', attempts: 3, status: 'sent' });
      expect(hook.received).toHaveLength(3);
      const last = hook.received[2] as Received;
      const ts = String(last.headers['lanewise-timestamp']);
      const mac = createHmac('sha256', channel.secret).update(`${ts}.`).update(last.body).digest('hex');
      expect(last.headers['lanewise-signature']).toBe(`sha256=${mac}`);
      const payload = JSON.parse(last.body);
      expect(payload).toMatchObject({ event: 'alert.opened', alert: { state: 'open' } });
      expect(payload.alert.subject).toContain(reference);
      await archive(channel.id);
    } finally {
      await hook.close();
    }
  });

  it('dead-letters a delivery whose webhook keeps failing, with the last error', async () => {
    const hook = await receiver([500]);
    try {
      const channel = await ok(
        'POST',
        '/api/v1/alert-channels',
        { name: 'broken hook', kind: 'webhook', webhook: { url: hook.url }, maxAttempts: 2 },
        201,
      );
      await (await raiseAlert()).evaluate();
      const [dead] = await waitFor('the dead letter', async () => {
        const list = await deliveries(channel.id);
        return list[0]?.status === 'dead' ? list : undefined;
      });
      expect(dead).toMatchObject({ attempts: 2, status: 'dead' });
      expect(dead?.lastError).toMatch(/answered 500/);
      expect(
        (await ok('GET', `/api/v1/alert-channels/${channel.id}/deliveries?status=dead`)).data,
      ).toHaveLength(1);
      expect(hook.received).toHaveLength(2);
      await archive(channel.id);
    } finally {
      await hook.close();
    }
  });

  it('sends e-mail through the SMTP server', async () => {
    const channel = await ok(
      'POST',
      '/api/v1/alert-channels',
      { name: 'ops mail', kind: 'email', email: { to: ['ops@example.test'] } },
      201,
    );
    const before = mails.length;
    const { evaluate, reference } = await raiseAlert();
    await evaluate();
    const mail = await waitFor('the e-mail', async () =>
      mails.slice(before).find((m) => m.data.includes(reference)),
    );
    expect(mail.to).toBe('ops@example.test');
    expect(mail.data).toMatch(/Subject: \[Lanewise\] Alert \(warning\)/);
    expect(mail.data).toContain('From: Lanewise Test <alerts@lanewise.test>');
    await archive(channel.id);
  });

  it('collects a digest channel’s alerts and sends one message per period', async () => {
    const hook = await receiver([200]);
    try {
      const channel = await ok(
        'POST',
        '/api/v1/alert-channels',
        { name: 'digest hook', kind: 'webhook', webhook: { url: hook.url }, digest: 'hourly' },
        201,
      );
      await (await raiseAlert()).evaluate();
      await (await raiseAlert()).evaluate();
      expect((await deliveries(channel.id)).map((d) => d.status)).toEqual(['digest', 'digest']);
      const config = ctx.config.alerts;
      expect(await sendDigests(ctx.database.db, config, new Date())).toMatchObject({ sent: 1 });
      expect(hook.received).toHaveLength(1);
      expect(JSON.parse(hook.received[0]?.body ?? '{}')).toMatchObject({ event: 'alert.digest', count: 2 });
      expect((await deliveries(channel.id)).map((d) => d.status)).toEqual(['sent', 'sent']);
      // Within the hour, a new alert waits for the next digest.
      await (await raiseAlert()).evaluate();
      expect(await sendDigests(ctx.database.db, config, new Date())).toMatchObject({ sent: 0 });
      expect(hook.received).toHaveLength(1);
      await archive(channel.id);
    } finally {
      await hook.close();
    }
  });

  it('tells nothing about a snoozed alert', async () => {
    const hook = await receiver([200]);
    try {
      const channel = await ok(
        'POST',
        '/api/v1/alert-channels',
        { name: 'snooze hook', kind: 'webhook', webhook: { url: hook.url } },
        201,
      );
      const { rule, evaluate } = await raiseAlert();
      await evaluate();
      await waitFor('the opening sent', async () =>
        (await deliveries(channel.id))[0]?.status === 'sent' ? true : undefined,
      );
      const [alert] = (await ok('GET', `/api/v1/alerts?ruleId=${rule.id}`)).data as Json[];
      await ok('POST', `/api/v1/alerts/${alert?.id}/snooze`, {
        until: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await ok('POST', `/api/v1/alerts/${alert?.id}/resolve`);
      expect(await deliveries(channel.id)).toHaveLength(1);
      await archive(channel.id);
    } finally {
      await hook.close();
    }
  });

  it('tells the channels again when a snooze runs out and the condition still holds', async () => {
    const hook = await receiver([200]);
    try {
      const channel = await ok(
        'POST',
        '/api/v1/alert-channels',
        { name: 'wake hook', kind: 'webhook', webhook: { url: hook.url } },
        201,
      );
      const { rule, evaluate } = await raiseAlert();
      await evaluate();
      await waitFor('the opening sent', async () =>
        (await deliveries(channel.id))[0]?.status === 'sent' ? true : undefined,
      );
      const [alert] = (await ok('GET', `/api/v1/alerts?ruleId=${rule.id}`)).data as Json[];
      await ok('POST', `/api/v1/alerts/${alert?.id}/snooze`, {
        until: new Date(Date.now() + 1_500).toISOString(),
      });
      // Still snoozed: the evaluation finds the same condition and says nothing.
      expect(await evaluate()).toMatchObject({ updated: 0 });
      expect(await deliveries(channel.id)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_600));
      expect(await evaluate()).toMatchObject({ updated: 1 });
      const after = await waitFor('the reminder sent', async () => {
        const list = await deliveries(channel.id);
        return list.length === 2 && list[0]?.status === 'sent' ? list : undefined;
      });
      expect(after[0]).toMatchObject({ change: 'updated' });
      expect((await ok('GET', `/api/v1/alerts/${alert?.id}`)).state).toBe('open');
      await archive(channel.id);
    } finally {
      await hook.close();
    }
  });

  it('refuses webhook URLs the URL-import rules refuse, and names taken', async () => {
    const refuse = async (url: string) =>
      expectProblem(
        await send(ctx.app, 'POST', '/api/v1/alert-channels', admin, {
          name: `x-${url}`,
          kind: 'webhook',
          webhook: { url },
        }),
        422,
        'ALERT_CHANNEL_URL_REFUSED',
      );
    await refuse('https://10.1.2.3/hook');
    await refuse('https://169.254.169.254/latest/meta-data');
    await refuse('http://example.test/hook');
    await refuse('https://user:pw@127.0.0.1/hook');
    await ok(
      'POST',
      '/api/v1/alert-channels',
      { name: 'twice', kind: 'email', email: { to: ['a@example.test'] } },
      201,
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/alert-channels', admin, {
        name: 'twice',
        kind: 'email',
        email: { to: ['b@example.test'] },
      }),
      409,
      'ALERT_CHANNEL_NAME_TAKEN',
    );
    expectProblem(
      await send(
        ctx.app,
        'POST',
        '/api/v1/alert-channels',
        bearer(await accessTokenFor(ctx.app, org.users.operator.id, org.orgId)),
        {
          name: 'no',
          kind: 'email',
          email: { to: ['a@example.test'] },
        },
      ),
      403,
      'AUTH_FORBIDDEN',
    );
  });
});
