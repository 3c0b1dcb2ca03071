import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The GUI is built once into renderer/dist; the server serves it in browser mode and the
// desktop shell loads it into its window.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
