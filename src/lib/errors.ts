/**
 * The one error type that crosses module boundaries, and the registry of its codes. A code is
 * stable and namespaced (`AUTH_INVALID_TOKEN`, `REQUEST_INVALID`, ...): clients branch on it, so
 * it never changes once shipped, and each code has exactly one HTTP status (the registry's), so a
 * code means one thing. The registry is published in the OpenAPI Problem schema; a new refusal
 * adds its code here first. The message is for a person and says what to do.
 */
export const errorCodes = {
  // Requests the framework or a schema refuses.
  REQUEST_INVALID: {
    status: 400,
    description: 'The request does not match its schema; `errors` lists each field',
  },
  REQUEST_MALFORMED_JSON: { status: 400, description: 'The body is not valid JSON' },
  REQUEST_INVALID_CURSOR: {
    status: 400,
    description: 'The list cursor was not issued by this list or was altered',
  },
  REQUEST_BODY_TOO_LARGE: { status: 413, description: 'The body is larger than this route accepts' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The Content-Type is not one this route accepts',
  },
  REQUEST_UNPROCESSABLE: {
    status: 422,
    description:
      'A well-formed request that refers to data that does not exist or cannot be true; `errors` lists each field',
  },
  REQUEST_REJECTED: {
    status: 400,
    description: 'The HTTP request itself is malformed in a way no more specific code names',
  },
  REQUEST_MALFORMED_URL: {
    status: 400,
    description: 'The URL is not valid (e.g. a broken percent-encoding such as %E0%A4%A)',
  },
  REQUEST_MALFORMED_HTTP: {
    status: 400,
    description: 'The HTTP message is malformed (request line, a header name or value, framing)',
  },
  REQUEST_URL_TOO_LONG: { status: 414, description: 'A path segment is longer than this server accepts' },
  REQUEST_HEADERS_TOO_LARGE: {
    status: 431,
    description: 'The request headers are larger than this server accepts',
  },
  REQUEST_TIMEOUT: { status: 408, description: 'The request was not received in time' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No route has this path' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The path exists with other methods (see `Allow`)' },
  RESOURCE_NOT_FOUND: { status: 404, description: 'No such row in the caller’s organization' },
  RESOURCE_CONFLICT: {
    status: 409,
    description: 'The write conflicts with a row that exists (a unique key)',
  },
  RESOURCE_REFERENCE_INVALID: { status: 422, description: 'The write names a row that does not exist' },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    description: 'The Idempotency-Key header is not 1–255 visible ASCII characters',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    description: 'The Idempotency-Key was used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    description: 'The first request with this Idempotency-Key is still running',
  },
  SERVICE_NOT_READY: {
    status: 503,
    description: 'The database or the job queue (Redis) is unreachable, or the schema is not current',
  },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected error; the log has it under the request id' },

  // Authentication and authorization.
  AUTH_MISSING_TOKEN: { status: 401, description: 'The route needs a credential and none was sent' },
  AUTH_INVALID_TOKEN: { status: 401, description: 'The credential is malformed, forged or unknown' },
  AUTH_TOKEN_EXPIRED: { status: 401, description: 'The access token has expired; refresh it' },
  AUTH_TOKEN_REVOKED: {
    status: 401,
    description: 'The credential was revoked (logout, password or role change, disabling)',
  },
  AUTH_FORBIDDEN: { status: 403, description: 'The caller lacks the permission the route declares' },
  AUTH_INVALID_CREDENTIALS: { status: 401, description: 'The email or password is incorrect' },
  AUTH_RATE_LIMITED: { status: 429, description: 'Too many attempts; `retryAfter` says when to try again' },
  AUTH_WEAK_PASSWORD: { status: 422, description: 'The new password breaks the password policy' },
  AUTH_INVITATION_INVALID: {
    status: 400,
    description: 'The invitation is unknown, used, expired or for someone else',
  },
  AUTH_INVITATION_SIGN_IN: {
    status: 409,
    description:
      'The invitation is for an account that has a password: sign in, then accept it at /me/invitations/accept',
  },
  AUTH_REFRESH_TOKEN_INVALID: { status: 401, description: 'The refresh token is not one this server issued' },
  AUTH_REFRESH_TOKEN_EXPIRED: { status: 401, description: 'The session has expired' },
  AUTH_REFRESH_TOKEN_REVOKED: { status: 401, description: 'The session was ended' },
  AUTH_REFRESH_TOKEN_REUSED: {
    status: 401,
    description: 'A used refresh token was presented again; the session was ended',
  },

  // Organizations, members, service accounts.
  ORGS_NOT_FOUND: { status: 404, description: 'No organization with this slug' },
  ORGS_SLUG_TAKEN: { status: 409, description: 'Another organization has this slug' },
  ORGS_INVALID_SLUG: {
    status: 422,
    description: 'The slug is not 2–64 lower-case letters, digits and dashes',
  },
  ORGS_INVALID_NAME: { status: 422, description: 'The name is not 1–200 characters' },
  USERS_NOT_FOUND: { status: 404, description: 'No account with this email (installation operator only)' },
  USERS_ALREADY_MEMBER: { status: 409, description: 'The person is already a member of this organization' },
  USERS_EMAIL_TAKEN: { status: 409, description: 'An account with this email exists' },
  USERS_ALREADY_ACTIVE: { status: 409, description: 'The member has already joined the organization' },
  USERS_LAST_OWNER: { status: 409, description: 'The organization would be left without an active owner' },
  USERS_CANNOT_DISABLE_SELF: { status: 409, description: 'Admins cannot disable themselves' },
  API_KEYS_NAME_TAKEN: { status: 409, description: 'A service account with this name exists' },
  API_KEYS_ACCOUNT_DISABLED: { status: 409, description: 'The service account is disabled' },
  API_KEYS_INVALID_SCOPE: { status: 422, description: 'The scope cannot be given to an API key' },

  // Demo company.
  JOBS_UNKNOWN_TYPE: { status: 422, description: 'No job type with this name is registered' },
  JOBS_INVALID_PAYLOAD: {
    status: 422,
    description: "The payload does not match the job type's schema; `errors` lists each field",
  },
  JOBS_INVALID_OPTIONS: { status: 422, description: 'An enqueue option is out of range' },
  JOBS_NOT_FOUND: { status: 404, description: 'No job with this id in the organization' },
  JOBS_NOT_CANCELLABLE: { status: 409, description: 'The job has already finished' },
  JOBS_NOT_RETRYABLE: { status: 409, description: 'Only dead or cancelled jobs can be retried' },
  JOBS_BACKEND_UNAVAILABLE: {
    status: 503,
    description: 'The job queue (database or Redis) cannot be reached; try again shortly',
  },
  METRICS_FORBIDDEN: {
    status: 403,
    description: 'The metrics endpoint needs the configured token or an allow-listed address',
  },
  // Analytics (semantic layer, saved views, exchange rates).
  ANALYTICS_UNKNOWN_NAME: {
    status: 400,
    description: 'A metric, dimension or option name is not in the catalog; `suggestions` lists the closest',
  },
  ANALYTICS_NOT_COMBINABLE: {
    status: 422,
    description:
      'The metrics, dimensions or filters of the query cannot be answered together; `detail` says why',
  },
  ANALYTICS_TOO_MANY_ROWS: {
    status: 422,
    description: 'The query would produce more groups than the limit; narrow the time range or dimensions',
  },
  ANALYTICS_TIMEOUT: {
    status: 503,
    description: 'The query ran past the statement timeout; narrow it or try again',
  },
  ANALYTICS_VIEW_NOT_FOUND: {
    status: 404,
    description: 'No saved view with this id that the caller may see',
  },
  ANALYTICS_VIEW_NAME_TAKEN: { status: 409, description: 'A saved view with this name exists in that scope' },
  // Imports (files, mappings, runs, quarantine; issue #11, ADR 0016).
  IMPORT_UNSUPPORTED_TYPE: {
    status: 415,
    description: 'The file type is not one Lanewise imports (CSV/TSV, XLSX, JSON, NDJSON, X12, EPCIS)',
  },
  IMPORT_FILE_MISMATCH: {
    status: 422,
    description: 'The file is not what its name or Content-Type claims (e.g. a PDF named .csv)',
  },
  IMPORT_FILE_EMPTY: { status: 422, description: 'The file holds no bytes' },
  IMPORT_NO_ROWS: { status: 422, description: 'The file holds a header (or nothing) but no data rows' },
  IMPORT_FILE_MALFORMED: {
    status: 422,
    description:
      'The file cannot be read as its format (truncated XLSX, broken JSON, bad encoding); `detail` says where',
  },
  IMPORT_X12_INVALID: {
    status: 422,
    description: 'The X12 interchange breaks its envelope rules (ISA/GS/ST, control numbers, segment counts)',
  },
  FEED_SIGNATURE_INVALID: {
    status: 401,
    description:
      "The feed request is not signed with the feed's secret (Lanewise-Timestamp, Lanewise-Signature: sha256=HMAC over <timestamp>.<body>)",
  },
  FEED_TIMESTAMP_STALE: {
    status: 401,
    description:
      'The feed request was signed more than 5 minutes from the server’s clock (a replay, or a wrong clock)',
  },
  FEED_BATCH_TOO_LARGE: {
    status: 413,
    description: 'More events in one feed request than it accepts (1000)',
  },
  FEED_PAYLOAD_INVALID: {
    status: 422,
    description: 'The feed payload carries no events, or something that is not an event object',
  },
  FEED_NOT_WEBHOOK: {
    status: 409,
    description: 'The feed is an MQTT subscription: it has no intake to post to and no secret to rotate',
  },
  FEED_MQTT_BROKER_REFUSED: {
    status: 422,
    description:
      'The MQTT broker does not resolve, or resolves to a loopback, private, link-local or metadata address that no administrator allowed (LANEWISE_IMPORT_ALLOW_HOSTS)',
  },
  IMPORT_EPCIS_INVALID: {
    status: 422,
    description: 'The EPCIS document is not EPCIS 2.0 JSON or holds an event type Lanewise does not know',
  },
  IMPORT_FILE_TOO_LARGE: { status: 413, description: 'The file is larger than LANEWISE_IMPORT_MAX_BYTES' },
  IMPORT_MAPPING_INVALID: {
    status: 422,
    description:
      'The mapping does not fit its target or its file (unknown field, missing column); `errors` lists each',
  },
  IMPORT_MAPPING_NAME_TAKEN: {
    status: 409,
    description: 'Another mapping has this name; save a new version of it instead',
  },
  IMPORT_URL_REFUSED: {
    status: 422,
    description:
      'The URL is not https, or it (or a redirect) resolves to a loopback, private, link-local or metadata address that no administrator allowed',
  },
  IMPORT_URL_FAILED: {
    status: 422,
    description: 'The file could not be fetched from the URL (status, timeout, too many redirects)',
  },
  IMPORT_RUN_BUSY: {
    status: 409,
    description: 'The run is still loading; wait until it finishes before replaying its quarantine',
  },
  ALERT_RULE_UNAVAILABLE: {
    status: 422,
    description:
      'The rule type needs something this installation does not have yet (GET /alert-rules/types says what)',
  },
  ALERT_RULE_NAME_TAKEN: { status: 409, description: 'Another alert rule of the organization has this name' },
  ALERT_CHANNEL_UNAVAILABLE: {
    status: 422,
    description: 'E-mail channels need an SMTP server: set LANEWISE_SMTP_URL',
  },
  ALERT_CHANNEL_NAME_TAKEN: {
    status: 409,
    description: 'Another alert channel of the organization has this name',
  },
  ALERT_CHANNEL_URL_REFUSED: {
    status: 422,
    description:
      'The webhook URL is not https, does not resolve, or resolves to a loopback, private, link-local or metadata address that no administrator allowed',
  },
  ALERT_RESOLVED: {
    status: 409,
    description: 'The alert is resolved: it can no longer be acknowledged or snoozed',
  },
  FORECAST_INPUT_INVALID: {
    status: 422,
    description: 'The series file cannot be read: the message names the line and the fault',
  },
  DELAY_RISK_NOT_ENOUGH_DATA: {
    status: 422,
    description:
      'The delay-risk model needs at least 50 delivered shipments with a known on-time outcome, late and on time both among them',
  },
  MODEL_ALREADY_ACTIVE: {
    status: 409,
    description: 'The model version is already the active one of its kind',
  },
  MODEL_NOT_BETTER: {
    status: 409,
    description:
      'Promotion only if better: the candidate did not beat the active version on its latest run (the message gives both)',
  },
  MODEL_NOT_EVALUATED: {
    status: 409,
    description:
      'Promotion only if better needs a succeeded run of both the candidate and the active version',
  },
  MODEL_NO_PREVIOUS: { status: 409, description: 'There is no earlier active version to roll back to' },
  DEMO_BAD_OPTIONS: { status: 400, description: 'The demo generator options are out of range' },
  DEMO_ORG_EXISTS: { status: 409, description: 'An organization with the demo slug exists' },
} as const satisfies Record<string, { readonly status: number; readonly description: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** Every registered code, for the Problem schema's enumeration. */
export const errorCodeList = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];

export class AppError extends Error {
  override name = 'AppError';
  /** The HTTP status, fixed by the code. */
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members for the problem document (e.g. `errors`, `retryAfter`); never secrets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = errorCodes[code].status;
  }
}

/** One invalid field of a request, by path ("lines.0.qty"). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * Throws 422 REQUEST_UNPROCESSABLE listing the fields at fault, when there are any: a
 * well-formed request that refers to data that does not exist or cannot be true. `prefix` is
 * where the paths live ("body"; "" when they already start at the root, as a batch's "items.3.x").
 */
export function rejectInvalid(errors: readonly FieldError[], prefix = 'body'): void {
  if (errors.length === 0) return;
  const shown = errors.map((e) => ({ path: prefix ? `${prefix}.${e.path}` : e.path, message: e.message }));
  throw new AppError(
    'REQUEST_UNPROCESSABLE',
    `The request refers to data that does not exist or cannot be true: ${shown.map((e) => e.path).join(', ')}.`,
    { errors: shown },
  );
}
