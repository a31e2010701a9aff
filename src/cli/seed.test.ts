import { CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { seedCommand } from './seed.js';

/** The options `lanewise seed` would run with (the seeding itself is replaced). */
async function parse(args: string[]): Promise<{ now?: Date }> {
  let seen: { now?: Date } = {};
  const command = seedCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
    .action((options: { now?: Date }) => {
      seen = options;
    });
  await command.parseAsync(args, { from: 'user' });
  return seen;
}

describe('lanewise seed --now', () => {
  const machineZone = process.env.TZ;
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  it('means the same instant on every machine, whatever its time zone', async () => {
    for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Chatham']) {
      process.env.TZ = zone;
      expect((await parse(['--now', '2026-11-29T10:00:00Z'])).now?.toISOString(), zone).toBe(
        '2026-11-29T10:00:00.000Z',
      );
      expect((await parse(['--now', '2026-11-29T10:00:00-05:00'])).now?.toISOString()).toBe(
        '2026-11-29T15:00:00.000Z',
      );
      expect((await parse(['--now', '2026-11-29'])).now?.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    }
  });

  it('refuses a date-time without an offset, which each machine would read in its own zone', async () => {
    for (const value of ['2026-11-29T10:00:00', '2026-11-29 10:00', 'Nov 29 2026', '2026-02-30', 'soon']) {
      await expect(parse(['--now', value]), value).rejects.toSatisfy(
        (error) => error instanceof CommanderError && error.code === 'commander.invalidArgument',
      );
    }
  });
});
