import { MemoryBackend } from "../lib/backends/memory.ts";
import { backendConformance } from "./conformance.ts";

backendConformance(
  "memory",
  () => Promise.resolve({ open: () => Promise.resolve(new MemoryBackend()) }),
);
