import { AppError } from '../../lib/errors.js';
import type { RateLimitVerdict } from '../../lib/rate-limit.js';
import type { RequestMeta } from '../audit/index.js';
import type { AuthRuntime } from './runtime.js';

/**
 * Abuse limits of the public authentication endpoints (ASVS 5.0 §6.3.1): a per-IP budget of
 * requests per minute, failed logins per account and per IP per 15 minutes, refreshes per
 * account per minute. A refused request answers 429 with Retry-After.
 */
export const MINUTE_MS = 60_000;
export const FAILURE_WINDOW_MS = 15 * MINUTE_MS;

export function rateLimited(verdict: RateLimitVerdict): AppError {
  return new AppError(
    'AUTH_RATE_LIMITED',
    `Too many attempts; try again in ${verdict.retryAfterS} seconds.`,
    { retryAfter: verdict.retryAfterS },
  );
}

/** Counts one request against the client IP's budget; throws 429 when it is spent. */
export function spendIpBudget(runtime: AuthRuntime, meta: RequestMeta): void {
  if (!meta.ip) return;
  const verdict = runtime.limiter.hit(`auth:ip:${meta.ip}`, runtime.config.limits.requestsPerIp, MINUTE_MS);
  if (!verdict.allowed) throw rateLimited(verdict);
}

export const failureKeys = (email: string, ip: string | null) => ({
  account: `login-failures:account:${email}`,
  ip: ip ? `login-failures:ip:${ip}` : null,
});

/** The refusal (if any) of a login before its password is even checked. */
export function loginRefusal(
  runtime: AuthRuntime,
  email: string,
  ip: string | null,
): RateLimitVerdict | null {
  const keys = failureKeys(email, ip);
  const { loginFailuresPerAccount, loginFailuresPerIp } = runtime.config.limits;
  const account = runtime.limiter.peek(keys.account, loginFailuresPerAccount, FAILURE_WINDOW_MS);
  if (!account.allowed) return account;
  if (keys.ip) {
    const byIp = runtime.limiter.peek(keys.ip, loginFailuresPerIp, FAILURE_WINDOW_MS);
    if (!byIp.allowed) return byIp;
  }
  return null;
}

/** Counts a failed login against the account and the IP. */
export function countLoginFailure(runtime: AuthRuntime, email: string, ip: string | null): void {
  const keys = failureKeys(email, ip);
  const { loginFailuresPerAccount, loginFailuresPerIp } = runtime.config.limits;
  runtime.limiter.hit(keys.account, loginFailuresPerAccount, FAILURE_WINDOW_MS);
  if (keys.ip) runtime.limiter.hit(keys.ip, loginFailuresPerIp, FAILURE_WINDOW_MS);
}

/** Counts a refresh against the account's budget; throws 429 when it is spent. */
export function spendRefreshBudget(runtime: AuthRuntime, userId: number): void {
  const verdict = runtime.limiter.hit(
    `refresh:account:${userId}`,
    runtime.config.limits.refreshesPerAccount,
    MINUTE_MS,
  );
  if (!verdict.allowed) throw rateLimited(verdict);
}
