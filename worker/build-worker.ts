// The worker as one JavaScript module, built ahead with Vite (its SSR build:
// the project's own TypeScript bundled, every package left to node_modules):
// `node dist/worker.mjs` runs without tsx, whose loader thread (an isolate of
// its own) and esbuild added ~45 MB to the worker's resident memory. The
// module lists its inputs beside it (worker/build-inputs.ts) and refuses to run
// once one of them has changed (worker/main.ts).
import path from 'node:path';
import { build, type Rollup } from 'vite';
import { buildInputsOf, REPO_ROOT, writeWithInputs } from './build-inputs';

export const WORKER_ENTRY = path.join(REPO_ROOT, 'worker', 'main.ts');

/** Builds worker/main.ts into `outFile`, which must sit in a directory directly under the repository (see REPO_ROOT). */
export async function buildCompiledWorker(outFile: string): Promise<void> {
  if (path.dirname(path.dirname(path.resolve(outFile))) !== path.resolve(REPO_ROOT)) {
    throw new Error(`${outFile}: the compiled worker must be in a directory directly under the repository (e.g. dist/), so its paths resolve as they do in worker/`);
  }
  const result = await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    build: {
      ssr: WORKER_ENTRY,
      write: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: path.basename(outFile) } },
    },
    ssr: { target: 'node' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const [entry] = chunks;
  if (chunks.length !== 1 || !entry) throw new Error(`the worker built into ${chunks.length} chunks, not one module`);
  const inputs = await buildInputsOf(Object.keys(entry.modules).filter((id) => path.isAbsolute(id)));
  if (!(path.relative(REPO_ROOT, WORKER_ENTRY) in inputs.files)) throw new Error('the compiled worker lists no worker/main.ts among its inputs');
  await writeWithInputs(outFile, entry.code, inputs);
}
