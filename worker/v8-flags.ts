// V8 settings of the worker process, set before anything compiles WebAssembly
// or starts the workflow thread: worker/main.ts imports this module first.
// Measured on the 20,000-track import (README, "Worker memory"):
// - Prisma's WebAssembly on Liftoff only: see config/v8-flags.ts.
// - --max-semi-space-size=8 (MB): the young generation of the workflow thread
//   (an isolate started after this runs; the main isolate's heap is already
//   configured) is at most 16 MB instead of 32 MB. Scavenges are more frequent;
//   the old generation's limit is unchanged, so no import can run out of heap
//   because of it.
// - --optimize-for-size: V8 grows its heaps by smaller steps between full
//   collections (and favours memory over speed elsewhere). Without it the
//   worker's peak landed near 270 MB in some runs and near 320 MB in others
//   (4 of 10; the extra ~50 MB anonymous memory in small mappings: heap pages,
//   not malloc arenas); with it, 246–258 MB in 6 of 6, the import taking as
//   long (it waits on Spotify's rate). It costs CPU: in the 1,000-client
//   fanout bench the worker used 7.5–8.0 s against 4.4–6.4 s for the same
//   import (two runs each), which on a 2-core machine shared with the API
//   delayed the clients' events. It sets no heap limit either.
import { PRISMA_WASM_V8_FLAGS, setV8Flags } from '../config/v8-flags';

setV8Flags([...PRISMA_WASM_V8_FLAGS, '--max-semi-space-size=8', '--optimize-for-size']);
