import { defineConfig } from 'vitest/config';
import stryker from './stryker.config.json' with { type: 'json' };

/**
 * The tests Stryker runs against each mutant: the unit tests beside the mutated modules
 * (`src/lib/ttl-cache.ts` → `src/lib/ttl-cache.test.ts`), so adding a module to `mutate` in
 * stryker.config.json is the only step. A whole-file config rather than Stryker's `testFiles`:
 * `testFiles` leaves mutants in module-level code unkillable.
 */
export default defineConfig({
  test: {
    include: stryker.mutate.map((file) => file.replace(/\.ts$/, '.test.ts')),
    // A module listed without a unit test yet is reported as uncovered, not as a failed run.
    passWithNoTests: true,
    testTimeout: 60_000,
  },
});
