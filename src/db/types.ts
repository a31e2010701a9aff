import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types of the canonical model. Conventions shared by all three dialects (ADR 0002):
 * - ids are 64-bit integers, read as JS numbers;
 * - instants are written as `Date` and read back as `Date` (MySQL, PostgreSQL) or an ISO-8601
 *   UTC string (SQLite): read them through `toDate()`;
 * - calendar days are 'YYYY-MM-DD' strings on every dialect;
 * - flags are 0/1 small integers, so they sum and average the same way everywhere;
 * - decimals (money, weights) are read as JS numbers.
 */
export type Id = Generated<number>;
export type Instant = ColumnType<Date | string, Date, Date>;
export type NullableInstant = ColumnType<Date | string | null, Date | null | undefined, Date | null>;
export type CreatedAt = ColumnType<Date | string, Date | undefined, never>;
export type UpdatedAt = ColumnType<Date | string, Date | undefined, Date>;
export type CalendarDay = string;
/** A column the database fills in when an insert leaves it out. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>;
export type Flag = 0 | 1;

export interface OrganizationsTable {
  id: Id;
  slug: string;
  name: string;
  created_at: CreatedAt;
  // Added by 0008_analytics.
  /** ISO 4217 code amounts are converted into for analytics. */
  reporting_currency: WithDefault<string>;
  /** IANA zone in which analytics count calendar days (ship day, delivery day). */
  reporting_timezone: WithDefault<string>;
}

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string | null;
  status: WithDefault<'active' | 'disabled'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  // Added by 0002_auth (token_version moved to memberships in 0005).
  password_changed_at: NullableInstant;
  last_login_at: NullableInstant;
}

export type Role = 'owner' | 'admin' | 'analyst' | 'operator' | 'viewer';

export interface MembershipsTable {
  id: Id;
  org_id: number;
  user_id: number;
  role: Role;
  created_at: CreatedAt;
  // Added by 0002_auth: a member disabled in this organization (the account may be active elsewhere).
  disabled_at: NullableInstant;
  // Added by 0005_memberships: what this organization knows about the person (ADR 0009).
  /** The name as this organization entered it. */
  name: WithDefault<string>;
  /** Bumped to end the person's sessions in this organization (access tokens carry it). */
  token_version: WithDefault<number>;
  last_login_at: NullableInstant;
  /** Set while the membership waits for the person to accept it; null once joined. */
  invited_at: NullableInstant;
  /** 1 when adding this member created the account. */
  created_account: WithDefault<number>;
}

/** A single-use invitation to one membership, for one e-mail (added by 0005). */
export interface InvitationsTable {
  id: Id;
  org_id: number;
  membership_id: number;
  email: string;
  /** SHA-256 of the token; the token itself is shown once. */
  token_hash: string;
  expires_at: Instant;
  used_at: NullableInstant;
  revoked_at: NullableInstant;
  created_at: CreatedAt;
}

/** Columns every business table shares besides its own. */
interface Owned {
  id: Id;
  org_id: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CarriersTable extends Owned {
  name: string;
  scac: string | null;
  archived_at: NullableInstant;
}

export interface PartiesTable extends Owned {
  code: string;
  name: string;
  city: string | null;
  country: string | null;
  archived_at: NullableInstant;
}

export type FacilityKind = 'warehouse' | 'dc' | 'store' | 'port' | 'plant' | 'cross_dock';

export interface FacilitiesTable extends Owned {
  code: string;
  name: string;
  kind: FacilityKind;
  city: string;
  region: string | null;
  country: string;
  latitude: number | null;
  longitude: number | null;
  timezone: string;
  archived_at: NullableInstant;
}

export interface ProductsTable extends Owned {
  sku: string;
  name: string;
  category: string | null;
  unit_weight_kg: number | null;
  unit_cost: number | null;
  currency: string | null;
  archived_at: NullableInstant;
}

export type OrderStatus = 'open' | 'allocated' | 'shipped' | 'delivered' | 'cancelled';

export interface OrdersTable extends Owned {
  reference: string;
  customer_id: number | null;
  ship_from_facility_id: number | null;
  status: OrderStatus;
  order_date: CalendarDay;
  requested_date: CalendarDay | null;
  promised_date: CalendarDay | null;
  /** Added by 0003_api. */
  archived_at: NullableInstant;
  /** Added by 0004_orders_inventory: the one currency of the order's line prices. */
  currency: string | null;
  // Added by 0008_analytics: derived from the order's shipments on every write (never set by callers).
  /** The reporting-zone day its last shipment was delivered, once all of them are. */
  delivered_day: CalendarDay | null;
  /** 1 when delivered on or before the promised (else requested) date; null when either is unknown. */
  on_time: Flag | null;
  /** Calendar days from the order date to delivered_day. */
  lead_time_days: number | null;
}

export interface OrderLinesTable extends Owned {
  order_id: number;
  line_no: number;
  product_id: number;
  qty_ordered: number;
  qty_shipped: WithDefault<number>;
  qty_delivered: WithDefault<number>;
  unit_price: number | null;
}

export const shipmentModes = ['road', 'ltl', 'ftl', 'parcel', 'air', 'ocean', 'rail'] as const;
export type ShipmentMode = (typeof shipmentModes)[number];
export const shipmentStatuses = [
  'planned',
  'booked',
  'in_transit',
  'delivered',
  'exception',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

export interface ShipmentsTable extends Owned {
  source: WithDefault<string>;
  reference: string;
  order_id: number | null;
  mode: ShipmentMode;
  status: ShipmentStatus;
  carrier_id: number | null;
  origin_facility_id: number | null;
  destination_facility_id: number | null;
  origin_city: string | null;
  origin_region: string | null;
  origin_country: string | null;
  destination_city: string | null;
  destination_region: string | null;
  destination_country: string | null;
  destination_timezone: WithDefault<string>;
  planned_pickup_at: NullableInstant;
  planned_delivery_at: NullableInstant;
  actual_pickup_at: NullableInstant;
  actual_delivery_at: NullableInstant;
  weight_kg: number | null;
  volume_m3: number | null;
  pallets: number | null;
  distance_km: number | null;
  freight_cost: number | null;
  currency: string | null;
  goods_value: number | null;
  // Derived on every write by modules/shipments (deriveShipment); never set by callers.
  lane: string | null;
  transit_days: number | null;
  delay_hours: number | null;
  on_time: Flag | null;
  /** Added by 0003_api: archived shipments leave lists and KPIs but keep their history. */
  archived_at: NullableInstant;
  // Added by 0008_analytics.
  /** The consignee, when it is one of the organization's customers. */
  customer_id: number | null;
  /** The shipper, when it is one of the organization's suppliers. */
  supplier_id: number | null;
  /** What the shipment carries (a product category). */
  commodity: string | null;
  // Derived (deriveShipment) in the organization's reporting time zone.
  /** The shipment's day: of its pickup (actual, else planned), else planned or actual delivery, else when recorded. */
  ship_day: CalendarDay | null;
  /** The day of its actual delivery. */
  delivery_day: CalendarDay | null;
  /** The version of deriveShipment that wrote the derived columns (older rows are backfilled). */
  derivation_version: WithDefault<number>;
}

export interface TrackingEventsTable {
  id: Id;
  org_id: number;
  shipment_id: number;
  code: string;
  raw_code: string | null;
  occurred_at: Instant;
  city: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  source: string;
  message: string | null;
  created_at: CreatedAt;
}

export interface InventorySnapshotsTable {
  id: Id;
  org_id: number;
  facility_id: number;
  product_id: number;
  snapshot_date: CalendarDay;
  on_hand: number;
  allocated: WithDefault<number>;
  on_order: WithDefault<number>;
  created_at: CreatedAt;
}

export type MovementKind = 'receipt' | 'shipment' | 'adjustment' | 'transfer_in' | 'transfer_out' | 'return';

export interface InventoryMovementsTable {
  id: Id;
  org_id: number;
  facility_id: number;
  product_id: number;
  occurred_at: Instant;
  kind: MovementKind;
  quantity: number;
  reference: string | null;
  order_line_id: number | null;
  created_at: CreatedAt;
}

/** Instance-wide key/value settings (e.g. the generated token-signing key); not per organization. */
export interface SettingsTable {
  id: Id;
  key: string;
  value: string;
  created_at: CreatedAt;
}

/** A machine client of one organization (an ETL script, a webhook sender); holds API keys. */
export interface ServiceAccountsTable extends Owned {
  name: string;
  description: string | null;
  created_by_user_id: number | null;
  disabled_at: NullableInstant;
}

export interface ApiKeysTable {
  id: Id;
  org_id: number;
  service_account_id: number;
  name: string;
  /** The first characters of the key, shown in lists so people can tell keys apart. */
  prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
  key_hash: string;
  /** JSON array of permissions. */
  scopes: string;
  expires_at: NullableInstant;
  revoked_at: NullableInstant;
  last_used_at: NullableInstant;
  created_by_user_id: number | null;
  created_at: CreatedAt;
}

export interface RefreshTokensTable {
  id: Id;
  org_id: number;
  user_id: number;
  /** All tokens rotated from one login share a family; reuse of any revokes the family. */
  family_id: string;
  /** SHA-256 (hex) of the opaque token. */
  token_hash: string;
  /** Idle expiry: this token must be used (rotated) before then. */
  expires_at: Instant;
  /** Absolute expiry of the family (login time + absolute lifetime). */
  family_expires_at: Instant;
  used_at: NullableInstant;
  /** SHA-256 (hex) of the IP and User-Agent of the client that used it (the grace window's test). */
  used_by: string | null;
  revoked_at: NullableInstant;
  revoked_reason: string | null;
  created_at: CreatedAt;
}

export type AuditSeverity = 'info' | 'warning' | 'critical';
export type AuditOutcome = 'success' | 'failure';

/** Who did what, when, from where. Never holds passwords, tokens or keys. */
export interface AuditEventsTable {
  id: Id;
  /** null for events outside any organization (a failed login for an unknown email). */
  org_id: number | null;
  actor_type: 'user' | 'api_key' | 'system' | 'anonymous';
  actor_user_id: number | null;
  actor_api_key_id: number | null;
  action: string;
  outcome: AuditOutcome;
  severity: AuditSeverity;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** JSON object with event-specific facts. */
  details: string | null;
  created_at: CreatedAt;
}

/** Added by 0010_imports: a stored file to import. */
export interface ImportFilesTable {
  id: Id;
  org_id: number;
  name: string;
  content_type: string | null;
  bytes: number;
  sha256: string;
  storage_key: string;
  format: string;
  origin: string;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Added by 0010_imports: one version of a named mapping. */
export interface ImportMappingsTable {
  id: Id;
  org_id: number;
  name: string;
  version: number;
  target: string;
  definition: string;
  description: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export type ImportRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Added by 0010_imports: one load of a file with a mapping. */
export interface ImportRunsTable extends Owned {
  file_id: number;
  mapping_id: number;
  source: string;
  job_id: number | null;
  status: ImportRunStatus;
  format: string;
  checkpoint_row: WithDefault<number>;
  read_rows: WithDefault<number>;
  inserted: WithDefault<number>;
  updated: WithDefault<number>;
  unchanged: WithDefault<number>;
  quarantined: WithDefault<number>;
  bytes_read: WithDefault<number>;
  error_code: string | null;
  error_message: string | null;
  started_at: NullableInstant;
  finished_at: NullableInstant;
  created_by: string | null;
}

export type QuarantineStatus = 'open' | 'loaded' | 'discarded';

/** Added by 0010_imports: a record a run could not load. */
export interface ImportQuarantineTable extends Owned {
  run_id: number;
  row_number: number;
  status: QuarantineStatus;
  values_json: string;
  reasons_json: string;
  replays: WithDefault<number>;
  loaded_id: number | null;
}

/** Added by 0011_feeds: a source that posts events (issue #12). */
export interface FeedsTable extends Owned {
  name: string;
  kind: 'webhook' | 'mqtt';
  shape: 'json' | 'epcis' | 'telemetry';
  mapping: string;
  event_id_path: string | null;
  secret: string;
  events_received: WithDefault<number>;
  events_quarantined: WithDefault<number>;
  last_event_at: NullableInstant;
  archived_at: NullableInstant;
  created_by: string | null;
  // Added by 0016_feed_mqtt: an MQTT feed's broker and what its subscribers last saw (null for webhooks).
  mqtt_url: string | null;
  mqtt_username: string | null;
  /** Stored as given: it is sent when connecting. Never returned, never logged. */
  mqtt_password: string | null;
  /** JSON array of topic filters. */
  mqtt_topics: string | null;
  mqtt_connected_at: NullableInstant;
  mqtt_error: string | null;
  mqtt_error_at: NullableInstant;
}

export type FeedEventStatus = 'applied' | 'quarantined';

/** Added by 0011_feeds: an event a feed accepted, and what became of it. */
export interface FeedEventsTable extends Owned {
  feed_id: number;
  source_event_id: string;
  status: FeedEventStatus;
  payload: string;
  reasons_json: string | null;
  tracking_event_id: number | null;
  replays: WithDefault<number>;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  carriers: CarriersTable;
  customers: PartiesTable;
  suppliers: PartiesTable;
  facilities: FacilitiesTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shipments: ShipmentsTable;
  tracking_events: TrackingEventsTable;
  inventory_snapshots: InventorySnapshotsTable;
  inventory_movements: InventoryMovementsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  service_accounts: ServiceAccountsTable;
  api_keys: ApiKeysTable;
  refresh_tokens: RefreshTokensTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  exchange_rates: ExchangeRatesTable;
  analytics_versions: AnalyticsVersionsTable;
  analytics_views: AnalyticsViewsTable;
  analytics_shipment_daily: ShipmentDailyRollupTable;
  analytics_shipment_lanes: ShipmentLaneRollupTable;
  analytics_shipment_parties: ShipmentPartyRollupTable;
  job_events: JobEventsTable;
  job_schedules: JobSchedulesTable;
  import_files: ImportFilesTable;
  import_mappings: ImportMappingsTable;
  import_runs: ImportRunsTable;
  import_quarantine: ImportQuarantineTable;
  feeds: FeedsTable;
  feed_events: FeedEventsTable;
  stream_events: StreamEventsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_channels: AlertChannelsTable;
  alert_deliveries: AlertDeliveriesTable;
  forecast_models: ForecastModelsTable;
  forecast_runs: ForecastRunsTable;
  forecast_series: ForecastSeriesTable;
  forecast_points: ForecastPointsTable;
  shipment_delay_risks: ShipmentDelayRisksTable;
  assistant_conversations: AssistantConversationsTable;
  assistant_messages: AssistantMessagesTable;
}

export type TableName = keyof DB;
export type Row<T extends TableName> = Selectable<DB[T]>;
export type NewRow<T extends TableName> = Insertable<DB[T]>;
export type RowUpdate<T extends TableName> = Updateable<DB[T]>;

/** Reads an instant column the same way on every dialect. */
export function toDate(value: Date | string): Date;
export function toDate(value: Date | string | null): Date | null;
export function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

/** An instant column as the API answers it (ISO 8601 UTC), null staying null. */
export function isoInstant(value: Date | string | null): string | null {
  return value === null ? null : toDate(value).toISOString();
}

/** Added by 0003_api, per caller since 0006: first responses of POSTs with an Idempotency-Key (kept 24 hours). */
export interface IdempotencyKeysTable {
  org_id: number;
  /** Who sent the key: `user:<id>` or `api_key:<id>`. */
  caller: string;
  idempotency_key: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: CreatedAt;
}

/**
 * An instant column as ISO-8601 UTC with milliseconds. SQLite already stores that exact text
 * (written from Date#toISOString or the same-shaped default), so it passes through unparsed.
 */
export function toIsoString(value: Date | string): string;
export function toIsoString(value: Date | string | null): string | null;
export function toIsoString(value: Date | string | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string' && value.length === 24 && value.charCodeAt(23) === 90 /* Z */) return value;
  return toDate(value).toISOString();
}

/** Added by 0007_jobs: background jobs, the record on both backends (ADR 0013). */
export interface JobsTable {
  id: Id;
  /** null: an installation job (housekeeping) that no organization sees. */
  org_id: number | null;
  type: string;
  state: 'queued' | 'running' | 'succeeded' | 'dead' | 'cancelled';
  /** JSON text. */
  payload: string;
  priority: WithDefault<number>;
  run_at: Instant;
  attempts: WithDefault<number>;
  max_attempts: number;
  dedupe_key: string | null;
  /** `<org id or "system">:<type>:<dedupe key>` while queued or running, else null (unique). */
  dedupe_slot: string | null;
  cancel_requested: WithDefault<Flag>;
  lease_owner: string | null;
  lease_until: NullableInstant;
  /** JSON { done, total, unit, message, at }. */
  progress: string | null;
  /** JSON summary returned by the handler. */
  result: string | null;
  /** JSON { code, message } of the last failure. */
  error: string | null;
  created_by: string | null;
  started_at: NullableInstant;
  finished_at: NullableInstant;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface JobAttemptsTable {
  job_id: number;
  attempt: number;
  worker: string;
  started_at: Instant;
  finished_at: NullableInstant;
  outcome: 'succeeded' | 'failed' | 'cancelled' | 'lease-expired' | 'released' | null;
  error: string | null;
}

export interface JobEventsTable {
  id: Id;
  job_id: number;
  kind: 'state' | 'progress';
  /** JSON text. */
  data: string;
  created_at: CreatedAt;
}

/** Added by 0013_stream_events: the outbox of live updates (GET /api/v1/stream), kept about a day. */
export interface StreamEventsTable {
  id: Id;
  org_id: number;
  topic: string;
  kind: string;
  /** JSON text. */
  data: string;
  created_at: CreatedAt;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Added by 0014_alerts: what an organization watches (issue #12). */
export interface AlertRulesTable extends Owned {
  name: string;
  type: string;
  /** JSON text: the parameters of the rule's type. */
  params: string;
  severity: AlertSeverity;
  status: 'active' | 'paused';
  last_evaluated_at: NullableInstant;
  /** JSON text: what the last evaluation found (counts, or the error). */
  last_outcome: string | null;
  archived_at: NullableInstant;
  created_by: string | null;
}

/** Added by 0014_alerts: a condition a rule found, open until it clears or someone resolves it. */
export interface AlertsTable extends Owned {
  rule_id: number;
  dedupe_key: string;
  /** The dedupe key while open; null once resolved. */
  open_key: string | null;
  status: 'open' | 'resolved';
  severity: AlertSeverity;
  subject: string;
  /** JSON text: the numbers and links behind the alert. */
  evidence: string;
  occurrences: WithDefault<number>;
  first_seen_at: Instant;
  last_seen_at: Instant;
  acknowledged_at: NullableInstant;
  acknowledged_by: string | null;
  snoozed_until: NullableInstant;
  resolved_at: NullableInstant;
  resolved_by: string | null;
}

/** Added by 0015_alert_channels: where an organization's alerts are told. */
export interface AlertChannelsTable extends Owned {
  name: string;
  kind: 'webhook' | 'email';
  /** JSON text: `{ url }` (webhook) or `{ to: [...] }` (email). */
  config: string;
  /** The HMAC key of a webhook channel's requests. */
  secret: string | null;
  min_severity: AlertSeverity;
  digest: 'off' | 'hourly' | 'daily';
  status: 'active' | 'paused';
  max_attempts: WithDefault<number>;
  last_digest_at: NullableInstant;
  archived_at: NullableInstant;
  created_by: string | null;
}

/** Added by 0015_alert_channels: one alert change a channel is to be told (or was). */
export interface AlertDeliveriesTable extends Owned {
  channel_id: number;
  alert_id: number;
  change: 'opened' | 'updated' | 'resolved';
  status: 'pending' | 'digest' | 'sent' | 'dead' | 'skipped';
  /** JSON text: what is sent. */
  payload: string;
  attempts: WithDefault<number>;
  last_error: string | null;
  sent_at: NullableInstant;
}

/** Added by 0017_forecasting: a versioned forecast configuration or trained model (the registry). */
export interface ForecastModelsTable extends Owned {
  kind: 'forecast' | 'delay_risk';
  version: number;
  status: 'candidate' | 'active' | 'archived';
  /** JSON text: the configuration or the trained parameters. */
  params: string;
  training_from: CalendarDay | null;
  training_to: CalendarDay | null;
  data_fingerprint: string | null;
  /** JSON text: the evaluation measures. */
  metrics: string | null;
  created_by: string | null;
  promoted_at: NullableInstant;
}

export type ForecastRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Added by 0017_forecasting: one forecast run of an organization. */
export interface ForecastRunsTable extends Owned {
  model_id: number | null;
  job_id: number | null;
  status: ForecastRunStatus;
  /** JSON text: horizon, grain, kinds and series asked for. */
  params: string;
  series_total: number | null;
  series_done: WithDefault<number>;
  series_failed: WithDefault<number>;
  data_fingerprint: string | null;
  /** JSON text: the run's error measures over its series. */
  summary: string | null;
  error: string | null;
  created_by: string | null;
  started_at: NullableInstant;
  finished_at: NullableInstant;
}

/** Added by 0017_forecasting: one series of an organization, with its latest forecast's verdict. */
export interface ForecastSeriesTable extends Owned {
  series_key: string;
  kind: 'demand' | 'lane_volume' | 'carrier_volume';
  grain: 'day' | 'week';
  product_id: number | null;
  facility_id: number | null;
  carrier_id: number | null;
  lane: string | null;
  label: string;
  last_run_id: number | null;
  series_class: 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | null;
  adi: number | null;
  cv2: number | null;
  /** The first period of `history`. */
  history_start: CalendarDay | null;
  /** JSON text: the values the forecast was fitted on, one per period. */
  history: string | null;
  /** JSON text: outliers and level shifts found in the history. */
  flags: string | null;
  model: string | null;
  model_label: string | null;
  /** JSON text: the models a combination averaged. */
  components: string | null;
  interval_method: string | null;
  backtest_windows: number | null;
  mase: number | null;
  smape: number | null;
  wape: number | null;
  rmsse: number | null;
  bias: number | null;
  coverage80: number | null;
  coverage95: number | null;
  width80: number | null;
  width95: number | null;
  /** JSON text: every candidate's backtest score, skipped models and notes. */
  details: string | null;
}

/** Added by 0017_forecasting: one step of one series' forecast in one run. */
export interface ForecastPointsTable {
  id: Id;
  org_id: number;
  run_id: number;
  series_id: number;
  step: number;
  period: CalendarDay;
  forecast: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** Added by 0018_delay_risk: the latest delay-risk prediction of an open shipment. */
export interface ShipmentDelayRisksTable extends Owned {
  shipment_id: number;
  model_id: number;
  probability: number;
  baseline: number;
  /** JSON text: the main factors, `{ name, effect }[]`. */
  factors: string;
  predicted_at: Instant;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  next_run_at: Instant;
  last_run_at: NullableInstant;
  last_job_id: number | null;
}

/** Added by 0008_analytics: the rate of a currency into a quote currency on one day. */
export interface ExchangeRatesTable extends Owned {
  currency: string;
  quote_currency: string;
  day: CalendarDay;
  /** Units of the quote currency for one unit of the currency. */
  rate: number;
}

/** Added by 0008_analytics: bumped by every write of analytics facts of the organization. */
export interface AnalyticsVersionsTable {
  org_id: number;
  data_version: WithDefault<number>;
}

/** Added by 0008_analytics: a saved semantic query. */
export interface AnalyticsViewsTable extends Owned {
  name: string;
  description: string | null;
  /** JSON text of the query. */
  query: string;
  shared: WithDefault<Flag>;
  owner_user_id: number | null;
  created_by: string;
}

/** The additive parts of shipment metrics that both shipment rollups hold. */
export interface ShipmentRollupParts {
  shipments: WithDefault<number>;
  in_transit: WithDefault<number>;
  exceptions: WithDefault<number>;
  on_time_known: WithDefault<number>;
  on_time: WithDefault<number>;
  transit_known: WithDefault<number>;
  delay_known: WithDefault<number>;
  freight_known: WithDefault<number>;
  weight_known: WithDefault<number>;
  goods_known: WithDefault<number>;
  transit_sum: WithDefault<number>;
  delay_sum: WithDefault<number>;
  freight_sum: WithDefault<number>;
  weight_sum: WithDefault<number>;
  goods_sum: WithDefault<number>;
  freight_with_weight: WithDefault<number>;
  weight_with_freight: WithDefault<number>;
  freight_with_goods: WithDefault<number>;
  goods_with_freight: WithDefault<number>;
}

/** Key columns shared by the shipment rollups; 0 and '' stand for unknown (ADR 0015). */
export interface ShipmentRollupKey {
  org_id: number;
  anchor: 'ship' | 'delivery';
  day: CalendarDay;
  carrier_id: number;
  mode: string;
  status: string;
  origin_country: string;
  destination_country: string;
  currency: string;
}

/** Added by 0008_analytics: shipment parts per day, carrier, mode, status, places and facilities. */
export interface ShipmentLaneRollupTable extends ShipmentRollupKey, ShipmentRollupParts {
  origin_facility_id: number;
  destination_facility_id: number;
  origin_city: string;
  origin_region: string;
  destination_city: string;
  destination_region: string;
  lane: string | null;
}

/** Added by 0008_analytics: shipment parts per day, carrier, mode, status, parties and commodity. */
export interface ShipmentPartyRollupTable extends ShipmentRollupKey, ShipmentRollupParts {
  customer_id: number;
  supplier_id: number;
  commodity: string;
}

/** Added by 0009_analytics_daily: shipment parts per day, carrier, mode, status and countries. */
export interface ShipmentDailyRollupTable extends ShipmentRollupKey, ShipmentRollupParts {}

/** Added by 0019_assistant: a conversation with the assistant, one owner's. */
export interface AssistantConversationsTable extends Owned {
  /** The caller key (user:5, api_key:3) of the one who may read it. */
  owner: string;
  title: string;
}

/** Added by 0019_assistant: one turn of a conversation. */
export interface AssistantMessagesTable {
  id: Id;
  org_id: number;
  conversation_id: number;
  role: 'user' | 'assistant';
  text: string;
  /** JSON: the engine's interpretation (assistant turns). */
  interpretation: string | null;
  /** JSON: the answer as sent (assistant turns). */
  answer: string | null;
  created_at: CreatedAt;
}
