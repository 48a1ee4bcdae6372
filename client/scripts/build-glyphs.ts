/**
 * Builds the offline basemap's SDF glyph PBFs (client/public/glyphs/Noto Sans Regular/{start}-{end}.pbf)
 * for the non-ideograph ranges labels use: Latin, punctuation, CJK symbols, full-width forms. CJK
 * ideographs are drawn by MapLibre itself with the local font (localIdeographFontFamily).
 *
 * Tool: @mapbox/tiny-sdf (the rasteriser MapLibre itself uses) in headless Chromium with the system font
 * "Noto Sans CJK SC" (Debian fonts-noto-cjk, SIL OFL 1.1), encoded with `pbf` in the glyphs.proto
 * layout fontnik produces (24 px em, 3 px border). Run: `npx tsx client/scripts/build-glyphs.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Pbf from 'pbf';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
const FONT_FAMILY = 'Noto Sans CJK SC';
const STACK = 'Noto Sans Regular';
const RANGES = [0, 256, 8192, 12288, 65280];
/** Aligns TinySDF's baseline-relative top with server glyphs, as MapLibre does for local glyphs. */
const TOP_ADJUSTMENT = 27.5;

interface Drawn {
  id: number;
  data: number[];
  glyphWidth: number;
  glyphHeight: number;
  glyphTop: number;
  glyphLeft: number;
  glyphAdvance: number;
}

async function drawRange(page: import('playwright-core').Page, start: number): Promise<Drawn[]> {
  return page.evaluate(
    ({ start, family }) => {
      const w = window as unknown as { TinySDF: new (o: object) => { draw(c: string): Record<string, unknown> } };
      const sdf = new w.TinySDF({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: family });
      const out = [];
      for (let id = start; id < start + 256; id++) {
        if (id < 32 || (id >= 127 && id < 160)) continue;
        const g = sdf.draw(String.fromCodePoint(id)) as { data: Uint8ClampedArray; glyphWidth: number; glyphHeight: number; glyphTop: number; glyphLeft: number; glyphAdvance: number };
        if (g.glyphAdvance === 0 && g.glyphWidth === 0) continue;
        out.push({ id, data: Array.from(g.data), glyphWidth: g.glyphWidth, glyphHeight: g.glyphHeight, glyphTop: g.glyphTop, glyphLeft: g.glyphLeft, glyphAdvance: g.glyphAdvance });
      }
      return out;
    },
    { start, family: FONT_FAMILY },
  );
}

function encode(start: number, glyphs: Drawn[]): Uint8Array {
  const pbf = new Pbf();
  pbf.writeMessage(1, (stack: Drawn[], p: Pbf) => {
    p.writeStringField(1, STACK);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (const g of stack) {
      p.writeMessage(3, (gl: Drawn, q: Pbf) => {
        q.writeVarintField(1, gl.id);
        if (gl.glyphWidth > 0 && gl.glyphHeight > 0) q.writeBytesField(2, Uint8Array.from(gl.data));
        q.writeVarintField(3, gl.glyphWidth);
        q.writeVarintField(4, gl.glyphHeight);
        q.writeSVarintField(5, Math.round(gl.glyphLeft));
        q.writeSVarintField(6, Math.round(gl.glyphTop - TOP_ADJUSTMENT));
        q.writeVarintField(7, Math.round(gl.glyphAdvance));
      }, g);
    }
  }, glyphs);
  return pbf.finish();
}

async function main(): Promise<void> {
  const tinySdf = (await readFile(path.join(root, 'node_modules/@mapbox/tiny-sdf/index.js'), 'utf8')).replace('export default class TinySDF', 'window.TinySDF = class TinySDF');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent(`<html><body style="font-family:'${FONT_FAMILY}'">字 Aa</body></html>`);
    await page.addScriptTag({ content: tinySdf });
    await page.evaluate((f) => document.fonts.load(`24px '${f}'`), FONT_FAMILY);
    const dir = path.join(root, 'client/public/glyphs', STACK);
    await mkdir(dir, { recursive: true });
    for (const start of RANGES) {
      const glyphs = await drawRange(page, start);
      const bytes = encode(start, glyphs);
      await writeFile(path.join(dir, `${start}-${start + 255}.pbf`), bytes);
      console.log(`${STACK} ${start}-${start + 255}: ${glyphs.length} glyphs, ${bytes.length} bytes`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
