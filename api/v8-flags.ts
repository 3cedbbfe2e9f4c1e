// V8 settings of the API process, set before Prisma compiles its WebAssembly:
// api/main.ts imports this module first. Prisma's WebAssembly on Liftoff only
// (config/v8-flags.ts says why): no background compilation under the first
// requests after the warm-up, and less resident memory.
import { PRISMA_WASM_V8_FLAGS, setV8Flags } from '../config/v8-flags';

setV8Flags(PRISMA_WASM_V8_FLAGS);
