import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';

/** The repository's root (where package.json and node_modules are), from here in sources or in dist. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'safeguard') return dir;
    if (dirname(dir) === dir) throw new Error(`The project's package.json was not found above ${from}`);
  }
}

/** The folders the console serves under /assets: GOV.UK Frontend's and MoJ Frontend's built files, and the console's own. */
export function assetFolders(root = projectRoot()): { url: string; dir: string }[] {
  return [
    { url: '/assets', dir: join(root, 'node_modules/govuk-frontend/dist/govuk/assets') },
    { url: '/assets', dir: join(root, 'node_modules/@ministryofjustice/frontend/moj/assets') },
    { url: '/assets/govuk', dir: join(root, 'node_modules/govuk-frontend/dist/govuk') },
    { url: '/assets/moj', dir: join(root, 'node_modules/@ministryofjustice/frontend/moj') },
    { url: '/assets/console', dir: join(root, 'libs/console/assets') },
  ];
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/**
 * Nunjucks over the console's templates (libs/console/views) and the design systems' macros
 * (`govuk/components/...`, `moj/components/...`). Autoescaped: nothing a user typed reaches a page
 * as markup.
 */
export class ConsoleViews {
  private readonly env: nunjucks.Environment;

  constructor(root = projectRoot()) {
    this.env = new nunjucks.Environment(
      // Compiled once and kept: compiling the page and the design systems' macros on every request
      // cost a case page ~0.5 s (npm run bench:console). A template changed while running shows after a restart.
      new nunjucks.FileSystemLoader([join(root, 'libs/console/views'), join(root, 'node_modules/govuk-frontend/dist'), join(root, 'node_modules/@ministryofjustice/frontend')], {
        noCache: false,
      }),
      { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
    );
    this.env.addFilter('date', (value: unknown) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? DATE.format(new Date(value)) : ''));
    this.env.addFilter('dateTime', (value: unknown) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? DATE_TIME.format(new Date(value)) : ''));
    this.env.addFilter('words', (value: unknown) => (typeof value === 'string' ? value.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase()) : value));
    this.env.addFilter('number', (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-GB') : value));
  }

  render(template: string, context: Record<string, unknown>): string {
    return this.env.render(template, context);
  }
}
