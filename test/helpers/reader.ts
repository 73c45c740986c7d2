/**
 * A reader's user agent, for tests that send events or clicks the way a
 * browser does: Node's fetch says "node" and headless Chromium says
 * "HeadlessChrome", which the platform (rightly) counts as bots.
 */
export const READER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
