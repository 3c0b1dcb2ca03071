import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const ENTRIES: Record<string, string> = { main: 'main/main.ts', preload: 'preload/preload.ts' };

// The main process and the preload as one self-contained CommonJS file each (`--mode main`,
// `--mode preload`): a sandboxed preload cannot load other files, and Electron's Node does not
// strip TypeScript.
export default defineConfig(({ mode }) => ({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    ssr: ENTRIES[mode],
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'cjs', entryFileNames: `${mode}.cjs`, codeSplitting: false },
    },
  },
  ssr: { noExternal: true },
}));
