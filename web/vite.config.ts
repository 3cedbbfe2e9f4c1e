// Vite builds the fans' web app (web/src) into web/dist, which the API serves
// at `/` (api/web-app.ts). `npm run dev:web` serves it with hot reload and
// proxies /api to a running API (API_URL, default http://127.0.0.1:3000).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fans open it on phones: report what the bundle weighs.
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:3000' },
  },
});
