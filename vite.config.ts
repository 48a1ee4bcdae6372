import { defineConfig } from 'vite';

/** The client is a Vite root under client/; `npm run dev` proxies the API and socket to the server. */
const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

export default defineConfig({
  root: 'client',
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
