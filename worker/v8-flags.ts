// V8 settings of the worker process, set before anything compiles WebAssembly
// or starts the workflow thread: worker/main.ts imports this module first.
// Measured on the 20,000-track import (README, "Worker memory"):
// - Prisma's WebAssembly on Liftoff only: see config/v8-flags.ts.
// - --max-semi-space-size=8 (MB): the young generation of the workflow thread
//   (an isolate started after this runs; the main isolate's heap is already
//   configured) is at most 16 MB instead of 32 MB. Scavenges are more frequent;
//   the old generation's limit is unchanged, so no import can run out of heap
//   because of it.
import { PRISMA_WASM_V8_FLAGS, setV8Flags } from '../config/v8-flags';

setV8Flags([...PRISMA_WASM_V8_FLAGS, '--max-semi-space-size=8']);
