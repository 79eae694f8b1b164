import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  // the build script compiles the C core into dist/ first: keep it
  clean: false,
  shims: true,
  sourcemap: true,
  target: 'node20',
  external: ['koffi'],
});
