/** Real-time feeds (issue #12, ADR 0019): webhook intake and MQTT subscriptions of tracking events. The module's one door. */
export { type Broker, type BrokerPolicy, brokerOf, vetBroker } from './broker.js';
export { type Intake, type MqttIntake, takeMqttMessage } from './intake.js';
export { MQTT_LOG_CODES, type MqttSubscriberOptions, startMqttSubscribers } from './mqtt.js';
export { type FeedRouteOptions, feedRoutes } from './routes.js';
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
