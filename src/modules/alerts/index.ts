/** Alert rules and alerts (issue #12, ADR 0021). The module's one door. */

export { alertChannelJobs, DELIVER_JOB, DIGEST_JOB, sendDigests } from './channels/jobs.js';
export { type ChannelCreate, channelCreate } from './channels/schema.js';
export {
  archiveChannel,
  createChannel,
  getChannel,
  listChannels,
  listDeliveries,
} from './channels/service.js';
export { activeRules, evaluateRule, type RuleOutcome } from './evaluate.js';
export { EVALUATE_JOB, evaluateAlertsJob, startAlertTriggers } from './jobs.js';
export { alertRoutes } from './routes.js';
export { ruleTypes } from './rules/catalog.js';
export { type RuleCreate, ruleCreate } from './schema.js';
export {
  actOnAlert,
  archiveRule,
  createRule,
  evaluateRuleNow,
  getAlert,
  getRule,
  listAlerts,
  listRules,
  listRuleTypes,
  updateRule,
} from './service.js';
