import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_auth.js';
import * as m0003 from './0003_api.js';
import * as m0004 from './0004_orders_inventory.js';
import * as m0005 from './0005_memberships.js';
import * as m0006 from './0006_idempotency_per_caller.js';
import * as m0007 from './0007_jobs.js';
import * as m0008 from './0008_analytics.js';
import * as m0009 from './0009_analytics_daily.js';
import * as m0010 from './0010_imports.js';
import * as m0011 from './0011_feeds.js';
import * as m0012 from './0012_tracking_event_lookup.js';
import * as m0013 from './0013_stream_events.js';
import * as m0014 from './0014_alerts.js';
import * as m0015 from './0015_alert_channels.js';
import * as m0016 from './0016_feed_mqtt.js';
import * as m0017 from './0017_forecasting.js';
import * as m0018 from './0018_delay_risk.js';
import * as m0019 from './0019_assistant.js';

/**
 * Every migration, by name. Names sort in the order they run; a landed migration is never
 * edited (STYLE 7). Listed statically so the compiled build and the tests see the same set.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_auth': m0002,
  '0003_api': m0003,
  '0004_orders_inventory': m0004,
  '0005_memberships': m0005,
  '0006_idempotency_per_caller': m0006,
  '0007_jobs': m0007,
  '0008_analytics': m0008,
  '0009_analytics_daily': m0009,
  '0010_imports': m0010,
  '0011_feeds': m0011,
  '0012_tracking_event_lookup': m0012,
  '0013_stream_events': m0013,
  '0014_alerts': m0014,
  '0015_alert_channels': m0015,
  '0016_feed_mqtt': m0016,
  '0017_forecasting': m0017,
  '0018_delay_risk': m0018,
  '0019_assistant': m0019,
};

/** The newest schema version this build knows. */
export const latestSchemaVersion = Object.keys(migrations).sort().at(-1) ?? '';
