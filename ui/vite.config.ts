import { defineConfig } from 'vitest/config';

const gateway = 'http://127.0.0.1:5004';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': gateway,
      '/ws': { target: gateway, ws: true },
    },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
