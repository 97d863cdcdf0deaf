// Debian's Chromium driven by playwright-core, as the browser tests and the benchmark use it: the
// quiet flags of STACK_NOTES.md, a profile of our choosing, and nothing that can leave 127.0.0.1.
import fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(profile: string): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (.ci/run does this).`);
  }
  // A persistent context is how playwright takes a user-data-dir of our choosing.
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Nothing but 127.0.0.1 resolves: not even the browser's own background traffic can leave.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
}
