import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The client is a Vite root under client/; `npm run dev` proxies the API and socket to the server. */
const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

/** Text assets worth compressing (fonts, images and glyph PBFs are compressed already or barely shrink). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|map|txt|wasm)$/;

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every compressible hashed asset at build time,
 * so the server sends them without compressing per request (server/http/platform/static-assets.ts).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'pingan-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const dir = path.join(outDir, 'assets');
      const files = await readdir(dir).catch(() => [] as string[]);
      for (const name of files.filter((f) => COMPRESSIBLE.test(f))) {
        const file = path.join(dir, name);
        const bytes = await readFile(file);
        if (bytes.length < 1024) continue;
        await writeFile(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [precompress()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: {
    proxy: {
      '/api': apiTarget,
      '/ogc': apiTarget,
      '/tiles': apiTarget,
      '/metrics': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
