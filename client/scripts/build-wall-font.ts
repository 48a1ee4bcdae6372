/**
 * Builds the subset web font the UI and the map's labels use where the system has no Chinese font (a Linux wall
 * kiosk draws every Chinese character as an empty box): client/public/fonts/pingan-cjk-{regular,bold}.woff2.
 *
 * Characters: every character of the client's sources (strings, i18n catalogues), of the code lists, collection
 * titles and rules the client shows (server/protocol, server/domain), of the generated names and titles
 * (server/dataset, server/simulator), and of the real admin-unit names the map labels (data/derived/
 * anyang-divisions.json), plus printable ASCII. The list is written beside the fonts (pingan-cjk.chars.txt) so
 * a change shows in review.
 * Font: Noto Sans CJK SC (face 2 of Debian fonts-noto-cjk's NotoSansCJK-{Regular,Bold}.ttc; SIL Open Font
 * License 1.1 — the OFL allows subsetting and redistribution; "Noto" is not a Reserved Font Name). Tool: fontTools'
 * subsetter (Debian python3-fonttools, python3-brotli for WOFF2).
 * Run: `npx tsx client/scripts/build-wall-font.ts` (needs /usr/bin/python3 with fontTools and fonts-noto-cjk).
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(root, 'client/public/fonts');
const SOURCES = ['client/src', 'client/index.html', 'server/protocol', 'server/domain', 'server/dataset', 'server/simulator', 'data/derived/anyang-divisions.json'];
const FACES = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', out: 'pingan-cjk-regular.woff2' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', out: 'pingan-cjk-bold.woff2' },
];
/** Face 2 of the collection is Simplified Chinese (0 JP, 1 KR, 2 SC, 3 TC, 4 HK). */
const SC_FACE = 2;
/** Beyond ASCII, only what a CJK font is for: CJK symbols and ideographs, full-width forms, and the general punctuation in our strings. */
const WANTED = /[\u2000-\u206f\u2190-\u21ff\u2460-\u24ff\u25a0-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/u;

async function files(p: string): Promise<string[]> {
  const abs = path.join(root, p);
  if (!(await stat(abs)).isDirectory()) return [abs];
  const out: string[] = [];
  for (const e of await readdir(abs, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.(ts|tsx|css|html|json)$/.test(e.name)) out.push(path.join(e.parentPath, e.name));
  }
  return out;
}

async function characters(): Promise<string[]> {
  const set = new Set<string>();
  for (let c = 0x20; c < 0x7f; c++) set.add(String.fromCharCode(c));
  for (const src of SOURCES) {
    for (const f of await files(src)) {
      for (const ch of await readFile(f, 'utf8')) if (WANTED.test(ch)) set.add(ch);
    }
  }
  return [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

async function main(): Promise<void> {
  const chars = await characters();
  const listFile = path.join(OUT_DIR, 'pingan-cjk.chars.txt');
  await writeFile(listFile, chars.join(''));
  for (const face of FACES) {
    execFileSync('/usr/bin/python3', [
      '-m', 'fontTools.subset', face.file, `--font-number=${SC_FACE}`, `--text-file=${listFile}`,
      '--flavor=woff2', '--layout-features=*', '--no-hinting', '--desubroutinize', `--output-file=${path.join(OUT_DIR, face.out)}`,
    ], { stdio: 'inherit' });
    console.log(`${face.out}: ${chars.length} characters, ${((await stat(path.join(OUT_DIR, face.out))).size / 1024).toFixed(0)} kB`);
  }
}

await main();
