import { Command } from 'commander';
import { assistantFor } from '../modules/assistant/index.js';
import { systemCaller } from '../modules/auth/index.js';
import { printTable } from './analytics.js';
import { configFrom, orgIdOf, say, withDatabase, withDatabaseOption } from './context.js';

/**
 * `lanewise ask "question"`: the assistant from a terminal, as the installation's operator for one
 * organization — the answer's text, its table, and what it ran. `--conversation` continues one
 * (follow-ups such as "and for air?" edit its last query).
 */
interface AskOptions {
  databaseUrl?: string;
  org?: string;
  conversation?: number;
  json?: boolean;
  sql?: boolean;
}

export function askCommand(): Command {
  return withDatabaseOption(new Command('ask'))
    .description('Ask the assistant a question about an organization’s data and print its answer and table')
    .argument('<question...>', 'the question, in plain words')
    .option('--org <slug>', 'the organization (needed when there are several)')
    .option('--conversation <id>', 'continue this conversation (printed after each answer)', (v) => Number(v))
    .option('--json', 'print the whole answer as JSON')
    .option('--sql', 'also print the semantic query and the SQL it ran')
    .action(async (words: string[], o: AskOptions) => {
      const config = configFrom(o);
      await withDatabase(config, { migrate: false }, async ({ db }) => {
        const orgId = await orgIdOf(db, o.org);
        const assistant = assistantFor(db, config.assistant.engine, {
          queryTimeoutMs: config.analytics.queryTimeoutMs,
        });
        const answer = await assistant.ask(systemCaller(orgId), {
          question: words.join(' '),
          ...(o.conversation !== undefined ? { conversationId: o.conversation } : {}),
        });
        if (o.json) {
          say(JSON.stringify(answer, null, 2));
          return;
        }
        say(answer.text);
        for (const [i, choice] of answer.choices.entries())
          say(`  ${i + 1}. ${choice.label}: ${choice.question}`);
        if (answer.data && answer.data.rows.length > 0) {
          say('');
          printTable(answer.data.columns, answer.data.rows.slice(0, 50));
          if (answer.data.rows.length > 50)
            say(`… ${answer.data.rows.length - 50} more rows (--json prints all)`);
        }
        for (const note of answer.notes) say(`note: ${note}`);
        if (o.sql && answer.query) say(`\nquery: ${JSON.stringify(answer.query)}\n\n${answer.sql ?? ''}`);
        if (answer.followUps.length > 0) say(`\nfollow-ups: ${answer.followUps.join(' · ')}`);
        say(
          `\n${answer.engine}${answer.cached ? ' (cached)' : ''} · ${answer.timings.totalMs} ms · conversation ${answer.conversationId}`,
        );
      });
    });
}
