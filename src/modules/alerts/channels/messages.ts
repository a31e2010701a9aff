import type { Row } from '../../../db/types.js';
import { alertToApi, type RuleSummary } from '../mapping.js';
import type { Message } from './send.js';

/** What a channel is told about an alert change, and about a digest of several. */

type AlertRow = Row<'alerts'>;
type Change = 'opened' | 'updated' | 'resolved';

const verbs: Record<Change, string> = { opened: 'Alert', updated: 'Updated', resolved: 'Resolved' };

export function alertMessage(change: Change, alert: AlertRow, rule: RuleSummary): Message {
  const api = alertToApi(alert, rule);
  const links = ((api.evidence.links ?? []) as { rel: string; href: string }[]).map(
    (l) => `${l.rel}: ${l.href}`,
  );
  return {
    json: { event: `alert.${change}`, alert: api },
    subject: `[Lanewise] ${verbs[change]} (${api.severity}): ${api.subject}`.slice(0, 250),
    text: [
      api.subject,
      '',
      `Rule: ${rule.name} (${rule.type})`,
      `Severity: ${api.severity}; state: ${api.state}; first seen ${api.firstSeenAt}, last seen ${api.lastSeenAt}`,
      ...(links.length > 0 ? ['', ...links] : []),
      '',
      `Alert ${api.id}: /api/v1/alerts/${api.id}`,
    ].join('\n'),
  };
}

/** A message as a delivery stores it (what is sent, whichever the channel's kind). */
export interface StoredMessage {
  readonly json: Readonly<Record<string, unknown>>;
  readonly subject: string;
  readonly text: string;
}

/** One message for many changes: the channel's digest of its period. */
export function digestMessage(
  entries: readonly { readonly payload: string }[],
  channelName: string,
): Message {
  const items = entries.map(
    (e) =>
      (JSON.parse(e.payload) as StoredMessage).json as {
        event: string;
        alert: { subject: string; severity: string; id: number };
      },
  );
  return {
    json: { event: 'alert.digest', count: items.length, items },
    subject: `[Lanewise] ${items.length} alert change${items.length === 1 ? '' : 's'} (${channelName})`,
    text: items
      .map(
        (i) =>
          `- ${i.event.replace('alert.', '')} (${i.alert.severity}): ${i.alert.subject} [alert ${i.alert.id}]`,
      )
      .join('\n'),
  };
}
