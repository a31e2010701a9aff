import v8 from 'node:v8';

/**
 * Keeps the V8 heap close to what is live. A long import allocates fast and holds each batch
 * across a database round trip, so its garbage is promoted and V8 lets the old generation grow
 * to three or four times the live set before collecting it: a 300,000-row CSV import peaked at
 * 416 MB RSS with 58 MB live (measured with a forced GC every 3 s). Growing the heap by at most
 * half of what survives each full GC kept the same import at 247 MB, in the same time.
 *
 * V8 reads this flag at every full GC, so setting it at startup takes effect (unlike
 * --max-old-space-size, which is fixed when the heap is created) — but only from the next full
 * GC on: set after the CLI's modules had loaded, the same 100,000-row import peaked at 301–307 MB;
 * set before them (this module is the entry point's first import, evaluated first), at 236 MB.
 * An explicit --heap-growing-percent on node's command line wins (NODE_OPTIONS refuses it).
 *
 * The young generation cannot be set from here: V8 sizes it when the heap is created. Node 22 and
 * later let each semi-space grow to 64 MB (Node 20: 16 MB), and there the same import peaked at
 * 354–372 MB whatever the old generation's limit; with --max-semi-space-size=16, at 257 MB. So
 * that flag rides on the executable's `#!` line (src/main.ts) — `lanewise`, `npx lanewise` and
 * the tests' CLI runner (test/support/cli.ts) pass it — and `npm start` passes it to node.
 */
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg))) {
  v8.setFlagsFromString('--heap-growing-percent=50');
}
