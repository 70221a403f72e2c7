// Bundles src/ into dist/ (widget.js + widget.css), minified, no external URLs: the clinic serves both files.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const out = new URL('./dist/', import.meta.url);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [new URL('./src/widget.js', import.meta.url).pathname],
  outfile: new URL('widget.js', out).pathname,
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: [new URL('./src/widget.css', import.meta.url).pathname],
  outfile: new URL('widget.css', out).pathname,
  minify: true,
  logLevel: 'warning',
});
console.log('web/dist: widget.js, widget.css');
