import { MemoryBackend } from "../lib/backends/memory.ts";
import { backendConformance, TEST_ITERATIONS } from "./conformance.ts";

backendConformance("memory", () =>
  Promise.resolve({
    open: () =>
      Promise.resolve(new MemoryBackend({ pbkdf2Iterations: TEST_ITERATIONS })),
  }));
