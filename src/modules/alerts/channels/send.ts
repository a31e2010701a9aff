import { createTransport, type Transporter } from 'nodemailer';
import type { AlertsConfig } from '../../../config.js';
import type { Row } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import { SIGNATURE_HEADER, signFeedRequest, TIMESTAMP_HEADER } from '../../feeds/index.js';
import { postToUrl } from '../../imports/index.js';

/**
 * Sending one message to one channel: a signed POST (webhook) or an e-mail (SMTP). Throws on any
 * failure with a message fit for the delivery's last_error (no secrets, no URL query strings).
 */

type ChannelRow = Row<'alert_channels'>;

/** A message to a channel: what a webhook receives as JSON, and its text for an e-mail. */
export interface Message {
  /** JSON body of a webhook. */
  readonly json: Readonly<Record<string, unknown>>;
  readonly subject: string;
  readonly text: string;
}

const TIMEOUT_MS = 10_000;
const transports = new Map<string, Transporter>();

export async function sendMessage(
  config: AlertsConfig,
  channel: ChannelRow,
  message: Message,
): Promise<void> {
  const settings = JSON.parse(channel.config) as { url?: string; to?: string[] };
  if (channel.kind === 'webhook') {
    const body = JSON.stringify(message.json);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await postToUrl(
      settings.url ?? '',
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Lanewise-Alerts/1',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signFeedRequest(channel.secret ?? '', timestamp, body),
      },
      { allowHosts: config.allowHosts, allowHttp: true, timeoutMs: TIMEOUT_MS },
    );
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`the webhook answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    }
    return;
  }
  if (!config.smtpUrl) {
    throw new AppError('ALERT_CHANNEL_UNAVAILABLE', 'LANEWISE_SMTP_URL is not set: e-mail cannot be sent.');
  }
  let transport = transports.get(config.smtpUrl);
  if (!transport) {
    // The URL carries host, port, TLS and credentials; the timeouts bound a server that hangs.
    const url = new URL(config.smtpUrl);
    url.searchParams.set('connectionTimeout', String(TIMEOUT_MS));
    url.searchParams.set('socketTimeout', String(TIMEOUT_MS));
    transport = createTransport(url.toString());
    transports.set(config.smtpUrl, transport);
  }
  await transport.sendMail({
    from: config.smtpFrom,
    to: settings.to ?? [],
    subject: message.subject,
    text: message.text,
  });
}

/** A channel's error as a delivery records it: short, one line. */
export function deliveryError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 1_000);
}
