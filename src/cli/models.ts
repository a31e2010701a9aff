import { Command, InvalidArgumentError, Option } from 'commander';
import { systemCaller } from '../modules/auth/index.js';
import { listModels, promoteModel, rollbackModel } from '../modules/forecasting/index.js';
import {
  configFrom,
  jsonOption,
  type OrgCommandOptions,
  orgIdOf,
  orgOption,
  say,
  withDatabase,
  withDatabaseOption,
} from './context.js';

/**
 * `lanewise models list|promote|rollback`: the model registry (issue #10) as the installation's
 * operator: which forecast configuration versions exist and which is active, promote one (only
 * if better, when asked) and roll back to the one before.
 */

function versionOf(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new InvalidArgumentError('must be a version number');
  return Number(value);
}

type Kind = 'forecast' | 'delay_risk';
const kindOption = () =>
  new Option('--kind <kind>', 'which models').choices(['forecast', 'delay_risk']).default('forecast');

export function modelsCommand(): Command {
  const models = new Command('models').description('The model registry: versions, promotion, roll back');

  models.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List the versions with their status and latest run')
      .addOption(kindOption())
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: OrgCommandOptions & { kind: Kind }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const page = await listModels(db, await orgIdOf(db, o.org), {
            sort: '-version',
            limit: 500,
            includeTotal: false,
            kind: o.kind,
          });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0)
            return say('No versions yet (the first forecast run creates version 1).');
          for (const m of page.data) {
            const mase =
              typeof m.metrics?.mase === 'number'
                ? `MASE ${(m.metrics.mase as number).toFixed(4)}`
                : 'not run';
            say(`v${m.version}\t${m.status}\t${mase}\t${JSON.stringify(m.params)}`);
          }
        });
      }),
  );

  models.addCommand(
    withDatabaseOption(new Command('promote'))
      .description('Make a version the active one (an archived one: roll back to it)')
      .argument('<version>', 'the version number', versionOf)
      .option('--if-better', "only if its latest run beat the active version's on mean backtest MASE")
      .addOption(kindOption())
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (version: number, o: OrgCommandOptions & { kind: Kind; ifBetter?: boolean }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = await orgIdOf(db, o.org);
          const page = await listModels(db, orgId, {
            sort: '-version',
            limit: 500,
            includeTotal: false,
            kind: o.kind,
          });
          const target = page.data.find((m) => m.version === version);
          if (!target) throw new InvalidArgumentError(`There is no ${o.kind} version ${version}.`);
          const promoted = await promoteModel(db, systemCaller(orgId), target.id, {
            ifBetter: o.ifBetter === true,
          });
          if (o.json) return say(JSON.stringify(promoted, null, 2));
          say(`Version ${promoted.version} is now the active ${promoted.kind} version.`);
        });
      }),
  );

  models.addCommand(
    withDatabaseOption(new Command('rollback'))
      .description('Re-activate the version that was active before the current one')
      .addOption(kindOption())
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: OrgCommandOptions & { kind: Kind }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = await orgIdOf(db, o.org);
          const back = await rollbackModel(db, systemCaller(orgId), o.kind);
          if (o.json) return say(JSON.stringify(back, null, 2));
          say(`Rolled back: version ${back.version} is the active ${back.kind} version again.`);
        });
      }),
  );
  return models;
}
