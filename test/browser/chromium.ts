import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { READER_AGENT } from '../helpers/reader.ts';

/** Where a system Chromium usually lives; `CHROMIUM_PATH` wins. Never downloaded. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Headless Chromium with the flags this sandbox needs (no sandbox, no
 * background network), plus `extraArgs` (the bench adds certificate and
 * host-resolver flags). It says it is a desktop Chrome: headless Chromium's
 * own user agent ("HeadlessChrome") is on the bot list, and the platform
 * rightly keeps its clicks and impressions out of the numbers.
 */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--user-agent=${READER_AGENT}`,
      ...extraArgs,
    ],
  });
}
