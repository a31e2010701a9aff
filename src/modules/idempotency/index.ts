export { sweepIdempotencyKeysJob } from './jobs.js';
export {
  deleteExpiredKeys,
  deleteKey,
  expiryCutoff,
  findKey,
  insertKey,
  KEY_TTL_MS,
  type KeyScope,
  storeResponse,
} from './repository.js';
