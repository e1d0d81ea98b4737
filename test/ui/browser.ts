// Debian's chromium driven by playwright-core (no browser download): a headless instance with a
// fresh profile, or the reason none could be started (the browser tests then skip with it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string | undefined {
  const candidates = [process.env.JOBSIM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser | { skip: string }> {
  const executablePath = chromiumPath();
  if (!executablePath) return { skip: 'no chromium found (apt-get install chromium, or set JOBSIM_CHROMIUM)' };
  const profile = mkdtempSync(join(tmpdir(), 'jobsim-ui-chromium-'));
  try {
    // A persistent context is how playwright takes a user-data-dir of our choosing: a fresh one.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
    });
    return {
      context,
      newPage: () => context.newPage(),
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    return { skip: `chromium (${executablePath}) could not be started: ${(err as Error).message.split('\n')[0]}` };
  }
}
