import { bullmqJobFixture } from '../support/bullmq-fixture.js';
import { testDialects } from '../support/databases.js';
import { describeJobBehaviour } from '../support/job-behaviour.js';

// The same behaviour as the database backend, with Redis delivering the jobs (the jobs table on
// each dialect stays the record).
for (const dialect of testDialects) {
  describeJobBehaviour(`BullMQ on Redis (record on ${dialect})`, () => bullmqJobFixture(dialect));
}
