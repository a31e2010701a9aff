import { type Loader, type LoggerInterface, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Server-side SVG with vega: Vega-Lite → Vega → a headless view (renderer 'none': no DOM, no
 * canvas) → SVG text. Charts carry their data inline, so the view gets a loader that refuses
 * every URL and file: a spec can never make the server fetch anything.
 */

/**
 * A loader that refuses everything and remembers what it refused: vega reports a failed load
 * only as a warning and draws the chart without the data, so the render fails instead.
 */
function refusingLoader(refused: string[]): Loader {
  const refuse = async (uri: string): Promise<never> => {
    refused.push(uri);
    throw new Error('charts load nothing');
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/**
 * vega and vega-lite log to the console by default; server code logs through pino. Warnings
 * (an empty scale domain, a dropped invalid value) are what the description already states;
 * errors make the render fail.
 */
function quietLogger(errors: unknown[]): LoggerInterface {
  const logger: LoggerInterface = {
    level: ((value?: number) => (value === undefined ? 1 : logger)) as LoggerInterface['level'],
    error: (...args: readonly unknown[]) => {
      errors.push(args[0]);
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The chart as a standalone SVG document (vega escapes every text it writes). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const errors: unknown[] = [];
  const refused: string[] = [];
  const logger = quietLogger(errors);
  const { spec: vegaSpec } = compile(spec, { logger });
  const view = new View(parse(vegaSpec), { renderer: 'none', loader: refusingLoader(refused), logger });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new Error(
        `a chart carries its data inline; refused to load ${JSON.stringify(refused[0]).slice(0, 200)}`,
      );
    }
    if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
    return svg;
  } finally {
    view.finalize();
  }
}
