/** Real-time feeds (issue #12, ADR 0018): webhook intake of tracking events. The module's one door. */
export { feedRoutes } from './routes.js';
export { type FeedCreate, feedCreate } from './schema.js';
export {
  archiveFeed,
  createFeed,
  getFeed,
  ingest,
  listFeedEvents,
  listFeeds,
  replayFeedEvents,
} from './service.js';
export { checkFeedSignature, SIGNATURE_HEADER, signFeedRequest, TIMESTAMP_HEADER } from './signature.js';
