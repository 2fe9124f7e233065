import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

// The client lives in client/; `npm run build` writes dist/client, which the server serves.
export default defineConfig({
  root: 'client',
  // Brotli and gzip copies of every text file beside it, made once at build; the server sends them as they are.
  plugins: [react(), compression({ threshold: 1024 })],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    // bench/bundle.ts reads it to size each route's JavaScript.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
