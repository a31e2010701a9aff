import { Cron } from 'croner';
import type { JobDefinition, ScheduleDefinition } from './contract.js';

/** `<module>.<verb>` with lower-case words: stored with every job, so it must stay stable. */
export const JOB_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const SCHEDULE_NAME = /^[a-z][a-z0-9.-]{0,99}$/;

/** Attempts, backoff and (no) timeout of a type that does not say otherwise. */
export const jobDefaults = { maxAttempts: 5, backoff: { baseMs: 1_000, maxMs: 600_000 } } as const;

/** A job type, checked once at definition time so a typo fails at start-up, not at first enqueue. */
export function defineJob<S extends JobDefinition['payload']>(
  definition: JobDefinition<S>,
): JobDefinition<S> {
  if (!JOB_TYPE.test(definition.type) || definition.type.length > 100) {
    throw new Error(`job type "${definition.type}" must look like <module>.<verb> (lower case, at most 100)`);
  }
  const { maxAttempts, backoff, timeoutMs } = definition;
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 100)
  ) {
    throw new Error(`job type ${definition.type}: maxAttempts must be an integer 1..100`);
  }
  if (backoff && !(backoff.baseMs >= 0 && backoff.maxMs >= backoff.baseMs)) {
    throw new Error(`job type ${definition.type}: backoff needs 0 <= baseMs <= maxMs`);
  }
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new Error(`job type ${definition.type}: timeoutMs must be positive`);
  }
  return Object.freeze({ ...definition });
}

/** A cron schedule; the expression is parsed here so a bad one fails at start-up. */
export function defineSchedule(definition: ScheduleDefinition): ScheduleDefinition {
  if (!SCHEDULE_NAME.test(definition.name)) {
    throw new Error(
      `schedule name "${definition.name}" must be 1..100 lower-case letters, digits, dots, dashes`,
    );
  }
  if (!JOB_TYPE.test(definition.type)) throw new Error(`schedule ${definition.name}: bad job type`);
  nextTick(definition.cron, new Date());
  return Object.freeze({ ...definition });
}

/**
 * The first tick of a cron expression strictly after `after` (UTC). Five fields are the
 * documented form; croner's optional sixth (seconds, leading) is accepted too, which the
 * process tests use to see several ticks in a few seconds.
 */
export function nextTick(cron: string, after: Date): Date {
  let parsed: Cron;
  try {
    parsed = new Cron(cron, { timezone: 'UTC', paused: true });
  } catch (error) {
    throw new Error(`cron "${cron}": ${(error as Error).message}`);
  }
  const next = parsed.nextRun(after);
  if (!next) throw new Error(`cron "${cron}" never fires`);
  return next;
}

/** The job types a process knows, by name; built from a list, so nothing registers globally. */
export interface JobRegistry {
  readonly types: readonly string[];
  get(type: string): JobDefinition | undefined;
  readonly schedules: readonly ScheduleDefinition[];
}

/** Checks the lists against each other: unique types and schedule names, schedules of known types. */
export function createRegistry(
  definitions: readonly JobDefinition[],
  schedules: readonly ScheduleDefinition[] = [],
): JobRegistry {
  const byType = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`job type ${definition.type} is defined twice`);
    byType.set(definition.type, definition);
  }
  const names = new Set<string>();
  for (const schedule of schedules) {
    if (names.has(schedule.name)) throw new Error(`schedule ${schedule.name} is defined twice`);
    names.add(schedule.name);
    const definition = byType.get(schedule.type);
    if (!definition) throw new Error(`schedule ${schedule.name} names unknown job type ${schedule.type}`);
    if (!definition.payload.safeParse(schedule.payload).success) {
      throw new Error(`schedule ${schedule.name}: its payload does not match ${schedule.type}'s schema`);
    }
  }
  return {
    types: [...byType.keys()],
    get: (type) => byType.get(type),
    schedules,
  };
}
