import { testDialects } from '../support/databases.js';
import { databaseJobFixture, describeJobBehaviour } from '../support/job-behaviour.js';

for (const dialect of testDialects) {
  describeJobBehaviour(`the database backend (${dialect})`, () => databaseJobFixture(dialect));
}
