/** Live updates (issue #12, ADR 0020): the outbox writers append to, and GET /api/v1/stream. The module's one door. */
export { defaultHubOptions, type HubOptions, StreamHub } from './hub.js';
export { sweepStreamEventsJob } from './jobs.js';
export {
  appendStreamEvent,
  appendStreamEvents,
  RETENTION_MS,
  type StreamEvent,
  type StreamTopic,
  streamTopics,
} from './outbox.js';
export { streamRoutes } from './routes.js';
export { joinStreamRedis } from './wake.js';
