import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { GUI_CSP_META } from '../contract/gui-csp.ts';

// The GUI is built once into renderer/dist; the server serves it in browser mode and the
// desktop shell loads it into its window.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [
    react(),
    // index.html's CSP meta tag holds the policy the server and the app's scheme also send.
    { name: 'gui-csp', transformIndexHtml: (html) => html.replace('%GUI_CSP%', GUI_CSP_META) },
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
