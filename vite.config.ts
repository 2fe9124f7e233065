import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The client lives in client/; `npm run build` writes dist/client, which the server serves.
export default defineConfig({
  root: 'client',
  plugins: [react()],
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
