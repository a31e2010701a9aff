import { createHash } from 'node:crypto';
import net from 'node:net';
import { hostname } from 'node:os';
import tls from 'node:tls';
import type { Kysely } from 'kysely';
import { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { DB } from '../../db/types.js';
import type { FeedObserver } from '../../lib/metrics/index.js';
import { brokerOf, vetBroker } from './broker.js';
import { takeMqttMessage } from './intake.js';
import { activeMqttFeeds, type MqttFeed, recordMqttConnected, recordMqttError } from './subscriptions.js';

/**
 * MQTT subscriptions of the mqtt feeds (issue #12, ADR 0019), run by the worker process. One
 * MQTT.js client per feed (protocol 5), subscribed with QoS 1 to `$share/lanewise/<filter>` so the
 * workers of an installation split a feed's messages instead of each taking all of them. Every
 * message goes through the webhook intake (takeMqttMessage) and is acknowledged only once that
 * transaction committed (customHandleAcks): a message that could not be stored is not
 * acknowledged, the connection is dropped, and the broker sends it again when this client resumes
 * its session (persistent: clean start off, a session expiry), because MQTT 5 redelivers only on
 * a new connection. Connections are made to the address vetBroker approved, retried with capped
 * exponential backoff, and their failures recorded on the feed; nothing here throws to the caller.
 */

export interface MqttSubscriberOptions {
  /** config.imports.allowHosts: brokers on loopback or private addresses need their host here. */
  readonly allowHosts?: readonly string[];
  /** How often the feed list is read again, for new, changed and archived feeds (default 30 s). */
  readonly refreshMs?: number;
  /**
   * This worker's name, part of each client id (default host name and process id). A worker that
   * restarts under the same name resumes its sessions, so messages in flight when it stopped are
   * redelivered to it; under a new name they wait in the old session until it expires.
   */
  readonly workerName?: string;
  /** First and longest wait between connection attempts (default 1 s and 60 s). */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  /**
   * How long the broker keeps a session that was not ended cleanly — a crash, a lost connection,
   * messages left unacknowledged — with those messages (default 5 minutes). Kept short because a
   * broker may go on handing an offline member of a shared subscription its share.
   */
  readonly sessionExpirySeconds?: number;
  readonly resolve?: (hostname: string) => Promise<readonly string[]>;
  /** Told each taken message's outcome (the feed metrics). */
  readonly observer?: FeedObserver;
}

/** Stable codes of what the subscribers log, for alerting on the worker's logs. */
export const MQTT_LOG_CODES = {
  connectFailed: 'FEED_MQTT_CONNECT_FAILED',
  storeFailed: 'FEED_MQTT_STORE_FAILED',
  messageDropped: 'FEED_MQTT_MESSAGE_DROPPED',
  refreshFailed: 'FEED_MQTT_REFRESH_FAILED',
} as const;

/** Largest packet the broker may send us; MQTT 5 brokers drop larger messages instead. */
const MAX_PACKET_BYTES = 1024 * 1024;

interface Subscription {
  readonly feed: MqttFeed;
  stop(): Promise<void>;
}

/** Starts one subscription per active mqtt feed and keeps the set current; close() ends them all. */
export function startMqttSubscribers(
  db: Kysely<DB>,
  log: Logger,
  options: MqttSubscriberOptions = {},
): { close(): Promise<void> } {
  const subscriptions = new Map<number, Subscription>();
  const settings = {
    allowHosts: options.allowHosts ?? [],
    workerName: clientIdPart(options.workerName ?? `${hostname()}-${process.pid}`),
    backoff: options.backoffMs ?? { initial: 1_000, max: 60_000 },
    sessionExpirySeconds: options.sessionExpirySeconds ?? 300,
    resolve: options.resolve,
    observer: options.observer,
  };
  let closed = false;
  let refreshing: Promise<void> = Promise.resolve();

  const refresh = async () => {
    let feeds: MqttFeed[];
    try {
      feeds = await activeMqttFeeds(db);
    } catch (error) {
      log.warn(
        { code: MQTT_LOG_CODES.refreshFailed, err: error },
        'mqtt feeds: reading the feed list failed',
      );
      return;
    }
    if (closed) return;
    const wanted = new Map(feeds.map((f) => [f.id, f]));
    for (const [id, subscription] of subscriptions) {
      const now = wanted.get(id);
      if (now !== undefined && sameSettings(now, subscription.feed)) continue;
      // Archived or changed: the new settings (if any) get a subscription of their own.
      subscriptions.delete(id);
      await subscription.stop();
    }
    for (const feed of feeds) {
      if (!subscriptions.has(feed.id)) subscriptions.set(feed.id, subscribe(db, log, feed, settings));
    }
  };
  refreshing = refresh();
  const timer = setInterval(() => {
    refreshing = refreshing.then(refresh);
  }, options.refreshMs ?? 30_000);
  timer.unref();

  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await refreshing;
      await Promise.all([...subscriptions.values()].map((s) => s.stop()));
      subscriptions.clear();
    },
  };
}

interface Settings {
  readonly allowHosts: readonly string[];
  readonly workerName: string;
  readonly backoff: { readonly initial: number; readonly max: number };
  readonly sessionExpirySeconds: number;
  readonly resolve: MqttSubscriberOptions['resolve'];
  readonly observer: FeedObserver | undefined;
}

function sameSettings(a: MqttFeed, b: MqttFeed): boolean {
  return (
    a.url === b.url &&
    a.username === b.username &&
    a.password === b.password &&
    JSON.stringify(a.topics) === JSON.stringify(b.topics)
  );
}

function messageKey(topic: string, payload: Buffer): string {
  return createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex');
}

function clientIdPart(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}

/** One feed's connection, kept up until stop(): connect, subscribe, take messages, reconnect after backoff. */
function subscribe(db: Kysely<DB>, log: Logger, feed: MqttFeed, settings: Settings): Subscription {
  const broker = brokerOf(feed.url);
  const feedLog = log.child({ feedId: feed.id, broker: broker.shown });
  let stopped = false;
  let failures = 0;
  let client: MqttClient | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  // Messages left unacknowledged (by topic and content) until a redelivery of each is taken in:
  // while any is, the session must outlive the connection, or the broker forgets them.
  const unacknowledged = new Set<string>();
  // Messages being stored: stop() waits for them, so none is cut off between commit and acknowledgement.
  const inFlight = new Set<Promise<void>>();

  const fail = (message: string) => {
    failures++;
    feedLog.warn({ code: MQTT_LOG_CODES.connectFailed, failures }, `mqtt feed: ${message}`);
    recordMqttError(db, feed.id, message).catch((error: unknown) =>
      feedLog.warn({ err: error }, 'mqtt feed: could not record the connection error'),
    );
  };

  const retryLater = () => {
    if (stopped || retryTimer !== undefined) return;
    const base = Math.min(settings.backoff.max, settings.backoff.initial * 2 ** Math.min(failures, 16));
    // ±20 %: workers that lost the broker together do not all come back in the same instant.
    const wait = Math.round(base * (0.8 + Math.random() * 0.4));
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, wait);
    retryTimer.unref();
  };

  /** Leaves a message unacknowledged, for the broker to send again on a resumed session. */
  const refuse = (topic: string, payload: Buffer, ack: (error: Error) => void, why: string) => {
    unacknowledged.add(messageKey(topic, payload));
    ack(new Error(why));
  };

  const take = (
    topic: string,
    payload: Buffer,
    ack: (error: Error | number) => void,
    dropConnection: () => void,
  ) => {
    const key = messageKey(topic, payload);
    if (stopped) {
      refuse(topic, payload, ack, 'the subscription is stopping');
      return;
    }
    const work = takeMqttMessage(db, feed.id, payload)
      .then((outcome) => {
        if (outcome.result === 'feed-gone') {
          // Archived since the last refresh: not acknowledged; the next refresh ends the session.
          unacknowledged.add(key);
          dropConnection();
          ack(new Error('the feed is archived'));
          return;
        }
        if (outcome.result === 'unstorable') {
          feedLog.warn(
            { code: MQTT_LOG_CODES.messageDropped, bytes: outcome.bytes },
            'mqtt feed: a message with an event too large to store was acknowledged and dropped',
          );
        } else {
          settings.observer?.observe(
            { shape: outcome.intake.shape },
            { ...outcome.intake.answer, lagSeconds: outcome.intake.lagSeconds },
          );
        }
        unacknowledged.delete(key);
        ack(0);
      })
      .catch((error: unknown) => {
        // Not acknowledged: the broker redelivers it when this client comes back to its session.
        feedLog.warn(
          { code: MQTT_LOG_CODES.storeFailed, err: error },
          'mqtt feed: storing a message failed; reconnecting',
        );
        recordMqttError(db, feed.id, `Storing a message failed: ${(error as Error).message ?? error}`).catch(
          () => {},
        );
        unacknowledged.add(key);
        failures++;
        // Dropped first, so the error MQTT.js emits for the refused acknowledgement is not taken for a connection failure.
        dropConnection();
        ack(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };

  const connect = async () => {
    if (stopped) return;
    let address: string;
    try {
      const [first] = await vetBroker(feed.url, {
        allowHosts: settings.allowHosts,
        ...(settings.resolve ? { resolve: settings.resolve } : {}),
      });
      if (first === undefined) throw new Error(`${broker.shown} resolves to no address`);
      address = first.address;
    } catch (error) {
      fail((error as Error).message);
      retryLater();
      return;
    }
    if (stopped) return;
    let dropping = false;
    const current = new MqttClient(
      () =>
        broker.secure
          ? tls.connect({
              host: address,
              port: broker.port,
              // The certificate is checked against the name in the URL, not the address connected to.
              ...(net.isIP(broker.hostname) === 0 ? { servername: broker.hostname } : {}),
            })
          : net.connect({ host: address, port: broker.port }),
      {
        protocolVersion: 5,
        clientId: `lanewise-${settings.workerName}-feed-${feed.id}`,
        clean: false,
        ...(feed.username === null ? {} : { username: feed.username }),
        ...(feed.password === null ? {} : { password: feed.password }),
        // Our own reconnect loop: it vets the address again and backs off; MQTT.js's retries at a fixed period.
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        keepalive: 30,
        properties: {
          sessionExpiryInterval: settings.sessionExpirySeconds,
          maximumPacketSize: MAX_PACKET_BYTES,
        },
        customHandleAcks: (topic, payload, _packet, ack) => {
          if (dropping) return refuse(topic, payload, ack, 'the connection is being dropped');
          take(topic, payload, ack, () => {
            dropping = true;
            current.end(true);
          });
        },
      },
    );
    client = current;
    // MQTT.js reports connection and refused-acknowledgement errors here; the close that follows retries.
    current.on('error', (error) => {
      if (!dropping && !stopped) fail(error.message);
    });
    current.on('connect', () => {
      const filters = feed.topics.map((topic) => `$share/lanewise/${topic}`);
      current.subscribe(filters, { qos: 1 }, (error, granted) => {
        const refused = (granted ?? []).filter((g) => g.qos !== 1 && g.qos !== 0);
        if (error || refused.length > 0) {
          fail(
            `subscribing failed: ${error?.message ?? `refused ${refused.map((g) => g.topic).join(', ')}`}`,
          );
          dropping = true;
          current.end(true);
          return;
        }
        failures = 0;
        feedLog.info({ topics: feed.topics }, 'mqtt feed: subscribed');
        recordMqttConnected(db, feed.id).catch((e: unknown) =>
          feedLog.warn({ err: e }, 'mqtt feed: could not record the connection'),
        );
      });
    });
    current.on('close', () => {
      if (client !== current) return;
      client = null;
      if (!stopped) {
        if (!dropping && failures === 0) failures = 1;
        retryLater();
      }
    });
  };

  void connect();

  return {
    feed,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await Promise.allSettled([...inFlight]);
      const current = client;
      client = null;
      if (current === null) return;
      await new Promise<void>((resolve) => {
        if (current.connected && unacknowledged.size === 0) {
          // Everything received was acknowledged: end the session with the connection, so the
          // broker hands this worker's share to the others instead of queueing it for us.
          current.end(false, { properties: { sessionExpiryInterval: 0 } }, () => resolve());
        } else {
          // Without a DISCONNECT the session stays, and what was not acknowledged is redelivered
          // to the client that resumes it (a restart under the same worker name).
          current.end(true, {}, () => resolve());
        }
      });
    },
  };
}
