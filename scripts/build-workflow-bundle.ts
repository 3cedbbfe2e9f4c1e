// `npm run build:workflows [-- <file>]`: the workflow bundle, built ahead of the
// worker (worker/workflow-bundle.ts), at <file> (default .local/workflow-bundle.js)
// with its inputs list beside it. `npm start` and the Docker image run this and
// start the worker with WORKFLOW_BUNDLE_PATH=<file>; a bundle whose inputs have
// changed since is not run (the worker bundles at start instead and says so).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle, inputsPathOf, writeWorkflowBundle } from '../worker/workflow-bundle';

const out = path.resolve(process.argv[2] ?? '.local/workflow-bundle.js');
const started = Date.now();
const bundle = await buildWorkflowBundle();
mkdirSync(path.dirname(out), { recursive: true });
await writeWorkflowBundle(out, bundle);
const mb = (bundle.code.length / 1024 / 1024).toFixed(1);
console.error(
  `workflow bundle ${path.relative(process.cwd(), out)} (${mb} MB, ${Object.keys(bundle.inputs.files).length} inputs in ${path.relative(process.cwd(), inputsPathOf(out))}) built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
