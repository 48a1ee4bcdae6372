/**
 * Waiting on and looking at the map: event-driven waits (MapLibre 'idle' plus deck.gl tiles loaded) through
 * the app's test hook (window.__pinganMap / __pinganOverlay, enabled by ?testHooks), and pixel checks on
 * page.screenshot() decoded with pngjs (a WebGL canvas cannot be read back in the page).
 */
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** Resolves when MapLibre is idle and every deck.gl layer has loaded its tiles (both re-checked twice). */
export async function waitForMapSettled(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __pinganMap?: unknown }).__pinganMap), null, { timeout: timeoutMs });
  // Written as a string: the page must not depend on the test runner's transpiler helpers.
  await page.evaluate(`(async () => {
    // Read the hook on every check: after a sign-out and a sign-in the app mounts a new map.
    let map = window.__pinganMap;
    let deck = window.__pinganOverlay;
    function deckLoaded() {
      const layers = (deck._deck && deck._deck.layerManager) ? deck._deck.layerManager.getLayers() : [];
      return layers.every(function (l) { return !l.props.visible || l.isLoaded; });
    }
    function settled() {
      map = window.__pinganMap;
      deck = window.__pinganOverlay;
      return Boolean(map && deck) && map.loaded() && map.areTilesLoaded() && !map.isMoving() && deckLoaded();
    }
    const started = performance.now();
    let calm = 0;
    while (calm < 2) {
      if (performance.now() - started > ${timeoutMs}) throw new Error('map did not settle');
      await new Promise(function (resolve) {
        if (settled()) {
          const m = map;
          const t = setTimeout(resolve, 2000); // a map removed while waiting never fires 'idle'
          m.once('idle', function () { clearTimeout(t); resolve(); });
          m.triggerRepaint();
        } else setTimeout(resolve, 100);
      });
      calm = settled() ? calm + 1 : 0;
    }
  })()`);
}

export interface Shot {
  png: PNG;
  at(x: number, y: number): [number, number, number];
}

export async function shoot(page: Page, path?: string): Promise<Shot> {
  const buf = await page.screenshot(path ? { path } : {});
  const png = PNG.sync.read(buf);
  return {
    png,
    at(x, y) {
      const i = (png.width * Math.round(y) + Math.round(x)) << 2;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    },
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How many pixels of the box differ by more than `tolerance` in any channel. */
export function diffPixels(a: Shot, b: Shot, box: Box, tolerance = 24): number {
  let n = 0;
  for (let y = Math.max(0, box.y); y < Math.min(a.png.height, box.y + box.height); y++) {
    for (let x = Math.max(0, box.x); x < Math.min(a.png.width, box.x + box.width); x++) {
      const p = a.at(x, y);
      const q = b.at(x, y);
      if (Math.abs(p[0] - q[0]) > tolerance || Math.abs(p[1] - q[1]) > tolerance || Math.abs(p[2] - q[2]) > tolerance) n++;
    }
  }
  return n;
}

/** The distinct colours in a box (quantised to 4 bits a channel): a drawn map has many, a blank one few. */
export function colourCount(s: Shot, box: Box): number {
  const seen = new Set<number>();
  for (let y = box.y; y < box.y + box.height; y += 2) {
    for (let x = box.x; x < box.x + box.width; x += 2) {
      const [r, g, b] = s.at(x, y);
      seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    }
  }
  return seen.size;
}

/** The map canvas's box on the page. */
export async function mapBox(page: Page): Promise<Box> {
  const box = await page.locator('[data-testid=map] canvas').first().boundingBox();
  if (!box) throw new Error('no map canvas');
  return { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
}

/** Moves the map and waits for it to settle. */
export async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) => (window as unknown as { __pinganMap: { jumpTo(o: object): void } }).__pinganMap.jumpTo({ center, zoom }),
    { center, zoom },
  );
  await waitForMapSettled(page);
}

/** Where a lng/lat is on the page (the canvas offset added). */
export async function projectToPage(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  const box = await mapBox(page);
  const p = await page.evaluate((ll) => (window as unknown as { __pinganMap: { project(l: [number, number]): { x: number; y: number } } }).__pinganMap.project(ll), lngLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

/**
 * What deck.gl holds for one layer id (and its sub-layers), as one line for a failure message: visible, loaded,
 * the tiles selected for the view with how many carry content and sub-layers, and the map's zoom.
 */
export async function describeDeckLayer(page: Page, id: string): Promise<string> {
  return page.evaluate(`(() => {
    const deck = window.__pinganOverlay;
    const map = window.__pinganMap;
    const all = (deck && deck._deck && deck._deck.layerManager) ? deck._deck.layerManager.getLayers() : [];
    const own = all.filter(function (l) { return l.id === ${JSON.stringify(id)}; })[0];
    if (!own) return 'no layer ${id} among ' + all.length + ' layers';
    const ts = own.state && own.state.tileset;
    const sel = ts ? (ts.selectedTiles || []) : [];
    const withContent = sel.filter(function (t) { return t.content; }).length;
    const withLayers = sel.filter(function (t) { return t.layers && t.layers.length; }).length;
    const subs = all.filter(function (l) { return l.id.indexOf(${JSON.stringify(id)} + '-') === 0; });
    const drawnSubs = subs.filter(function (l) { return l.props.visible; }).length;
    return 'visible=' + own.props.visible + ' loaded=' + own.isLoaded + ' selected=' + sel.length + ' content=' + withContent +
      ' subLayersOnTiles=' + withLayers + ' subLayers=' + subs.length + ' visibleSub=' + drawnSubs + ' zoom=' + (map ? map.getZoom().toFixed(2) : '?');
  })()`);
}
