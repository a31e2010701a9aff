export {
  deleteExpiredKeys,
  deleteKey,
  findKey,
  insertKey,
  type KeyScope,
  storeResponse,
} from './repository.js';
