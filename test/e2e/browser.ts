/**
 * Headless Chromium for the end-to-end tests (Debian's /usr/bin/chromium, WebGL on SwiftShader), with every
 * request outside loopback blocked and recorded, so a test can assert that the app never tried the internet.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface OfflineBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request (HTTP or websocket) to a host outside loopback that the page attempted. */
  external: string[];
  close(): Promise<void>;
}

export function isLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
    return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

export async function openOfflineBrowser(width = 1920, height = 1080): Promise<OfflineBrowser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'zh-CN' });
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    if (!isLoopback(ws.url())) external.push(ws.url());
  });
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  return { browser, context, page, external, close: () => browser.close() };
}
