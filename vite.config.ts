import path from 'node:path';
import { defineConfig } from 'vite';

// The browser app: built into dist/web and served by the same Fastify process.
// JSX goes through esbuild directly (no React plugin needed for a production build).
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src/web'),
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: { manualChunks: { mantine: ['@mantine/core', '@mantine/hooks'] } },
      // Mantine marks its modules "use client" for React Server Components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
