// Builds the dashboard (npm run build:ui) into web/dist, served by `jobsim serve` at /ui/ (outside
// dist/, which scripts/build.mjs rebuilds from scratch).
// Everything is bundled: the page loads nothing from other origins.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/ui/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  // JSX for Preact (oxc reads tsconfig's jsxImportSource too; said here so the build does not depend on it).
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
