import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Services } from '../../bot/services.js';
import type { CastMember } from '../../scripts/playground-config.js';
import { startLocal, type LocalProduct } from '../../scripts/start-local.js';

/** Long enough for a loaded 2-core machine; every wait is for a condition, so a pass is never slower for it. */
export const UI_TIMEOUT = 60_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A port nobody is listening on right now (the Playground takes a port number, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port.'))));
    });
  });
}

/** A fresh, empty directory for the embedded store. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'qa-e2e-'));
}

export interface StartOptions {
  executablePath?: string;
  /**
   * Start on this store directory (LOCAL_DATA_DIR) instead of a fresh one, e.g. to play someone else after
   * a first driver has closed, as `npm start -- --as chris` does after Ctrl+C. The caller removes it.
   */
  dataDir?: string;
  /** The policy profile (POLICY_PROFILE) to start with; the product's default (west-sussex) if not given. */
  profile?: string;
}

/**
 * The product (bot, embedded store in a fresh directory or a given one, demo data) and the Agents Playground
 * signed in as one demo person, with a page open on it in headless Debian Chromium.
 */
export class PlaygroundDriver {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly product: LocalProduct,
    /** The embedded store's directory (LOCAL_DATA_DIR). */
    readonly dataDir: string,
    private readonly leftovers: readonly string[],
  ) {}

  static async start(as: CastMember, options: StartOptions = {}): Promise<PlaygroundDriver> {
    // A data dir we were given is the caller's, and outlives this driver; one we make is removed on close.
    const dataDir = options.dataDir ?? newDataDir();
    const ownsDataDir = options.dataDir === undefined;
    const playgroundPort = await freePort();
    // startLocal writes the Playground's config here and leaves it behind; it is removed on close.
    const configFile = resolve('.playground', `config-${as}-${playgroundPort}.yaml`);
    let product: LocalProduct | undefined;
    let browser: Browser | undefined;
    try {
      product = await startLocal({
        as,
        env: {
          PORT: '0',
          LOCAL_COSMOS_PORT: '0',
          LOCAL_DATA_DIR: dataDir,
          ROSTER_PATH: 'demo/roster.yaml',
          LOCAL_GRAPH_PORT: '0',
          ...(options.profile ? { POLICY_PROFILE: options.profile } : {}),
        },
        playgroundPort,
        quiet: true,
      });
      browser = await chromium.launch({ executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: UI_TIMEOUT });
      // A new context is a fresh profile: no storage left over from another run.
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      context.setDefaultTimeout(UI_TIMEOUT);
      const page = await context.newPage();
      await page.goto(product.playgroundUrl, { timeout: UI_TIMEOUT });
      return new PlaygroundDriver(page, browser, product, dataDir, ownsDataDir ? [dataDir, configFile] : [configFile]);
    } catch (error) {
      await closeAll(browser, product, ownsDataDir ? [dataDir, configFile] : [configFile]).catch(() => undefined);
      throw error;
    }
  }

  /** The running product's services (its store, directory…), for checking what was stored. */
  get services(): Services {
    return this.product.runtime.services;
  }

  /** The in-process Graph-compatible calendar server's base URL (LOCAL_GRAPH_PORT), if the product started one. */
  get localCalendarUrl(): string | undefined {
    return this.product.runtime.localCalendarUrl;
  }

  /**
   * The rendered Adaptive Card whose text includes `title` as a whole line (the card's heading). Each card
   * is rendered once in the conversation; the chat list and log panel show summaries, not cards.
   */
  card(title: string): Locator {
    return this.page.locator('.ac-adaptiveCard').filter({ has: this.page.getByText(title, { exact: true }) });
  }

  /**
   * The Adaptive Card Container in `card` that holds `inside`: one domain's grade, rationale and messages,
   * say. Strict like any locator, so it suits cards whose containers do not nest.
   */
  container(card: Locator, inside: Locator): Locator {
    return card.locator('.ac-container').filter({ has: inside });
  }

  /** Whether `first` comes before `then` in the page: e.g. a card updated in place, not sent anew at the end. */
  async precedes(first: Locator, then: Locator): Promise<boolean> {
    const other = await then.elementHandle({ timeout: UI_TIMEOUT });
    try {
      return await first.evaluate((el, o) => (el.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0, other, { timeout: UI_TIMEOUT });
    } finally {
      await other.dispose();
    }
  }

  /** Waits until `scope` contains `text` (a case-insensitive substring, or a pattern). */
  async expectText(scope: Locator, text: string | RegExp, timeout = UI_TIMEOUT): Promise<void> {
    await scope.filter({ hasText: text }).waitFor({ state: 'visible', timeout });
  }

  /**
   * Chooses `option` in the card's drop-down labelled `label` (a compact Input.ChoiceSet). The Playground
   * renders it as a Fluent combobox (an `<input role=combobox>` whose options open in a portal at the end of
   * the page), not as a `<select>`; both are handled. A string `option` must match the whole choice title.
   */
  async choose(scope: Locator, label: string, option: string | RegExp): Promise<void> {
    const box = scope.getByRole('combobox', { name: label });
    if ((await box.evaluate((el) => el.tagName, undefined, { timeout: UI_TIMEOUT })) === 'SELECT') {
      await box.selectOption(typeof option === 'string' ? { label: option } : { label: (await this.optionLabel(box, option)) });
      return;
    }
    await box.click();
    await this.page.getByRole('listbox').getByRole('option', { name: option, exact: typeof option === 'string' }).click();
    await this.page.getByRole('listbox').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  private async optionLabel(select: Locator, pattern: RegExp): Promise<string> {
    const labels = await select.locator('option').allTextContents();
    const label = labels.find((l) => pattern.test(l));
    if (label === undefined) throw new Error(`No choice matches ${pattern}: ${labels.join(' | ')}`);
    return label;
  }

  /** Types `text` into the compose box and sends it. */
  async say(text: string): Promise<void> {
    const compose = this.page.locator('[data-lexical-editor=true][role=textbox]');
    await compose.click();
    await this.page.keyboard.type(text);
    // The editor has taken every keystroke before Enter sends it.
    await compose.filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
  }

  /** A screenshot of the page, with `focus` scrolled into view first if given. */
  async shot(dir: string, name: string, focus?: Locator): Promise<string> {
    if (focus) await focus.scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT });
    const path = join(dir, `${name}.png`);
    await this.page.screenshot({ path, timeout: UI_TIMEOUT });
    return path;
  }

  /** The whole page as it is now, as a screenshot and as HTML, for diagnosing a failure. */
  async dump(dir: string, name: string): Promise<void> {
    await this.page.screenshot({ path: join(dir, `${name}.png`), timeout: UI_TIMEOUT });
    writeFileSync(join(dir, `${name}.html`), await this.page.content());
  }

  close(): Promise<void> {
    return closeAll(this.browser, this.product, this.leftovers);
  }
}

/** Stops whatever was started, each step even if an earlier one fails; the first failure is rethrown. */
async function closeAll(browser: Browser | undefined, product: LocalProduct | undefined, leftovers: readonly string[]): Promise<void> {
  const failures: unknown[] = [];
  const steps = [() => browser?.close(), () => product?.stop(), ...leftovers.map((path) => () => rmSync(path, { recursive: true, force: true }))];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

export const startPlayground = (as: CastMember, options: StartOptions = {}) => PlaygroundDriver.start(as, options);
