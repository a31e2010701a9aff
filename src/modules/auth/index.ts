export { authenticateAccessToken, authenticateCachedAccessToken } from './authenticate.js';
export { type Caller, callerKey, callerOf, systemCaller } from './caller.js';
export { actorOf, type RequestAuth, requireUser } from './context.js';
export { noStore, requestMeta } from './http.js';
export { spendIpBudget } from './limits.js';
export { type LoginInput, login, normalizeEmail, replacePassword } from './login.js';
export {
  assertPasswordAcceptable,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordHashParams,
  passwordProblem,
  verifyPassword,
} from './passwords.js';
export {
  apiKeyScopes,
  isPermission,
  isRole,
  type Permission,
  permissions,
  permissionsOf,
  roles,
} from './permissions.js';
export {
  type Account,
  createAccount,
  findAccountByEmail,
  findAccountById,
  listAccountsWithMemberships,
  markMembershipJoined,
  membershipOrgIds,
  setAccountStatus,
  setFirstPasswordHash,
} from './repository.js';
export { AUTH_BODY_LIMIT, authRoutes } from './routes.js';
export {
  type ApiKeyState,
  type AuthRuntime,
  createAuthRuntime,
  forgetApiKey,
  forgetUser,
} from './runtime.js';
export { email, password, role, session as sessionSchema } from './schema.js';
export { digest, newOpaqueToken, randomId, tokenPrefixes } from './secrets.js';
export {
  endUserSessions,
  REFRESH_REUSE_GRACE_MS,
  type Session,
  type SessionSubject,
  startSession,
} from './sessions.js';
export { loadSigningSecret } from './signing-key.js';
export { deleteExpiredRefreshTokens, sweepRefreshTokensJob } from './sweep.js';
export {
  ACCESS_TOKEN_ALGORITHMS,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_TYPE,
  type AccessClaims,
} from './tokens.js';
