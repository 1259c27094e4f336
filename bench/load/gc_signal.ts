/**
 * Lets the load tool trigger a full garbage collection in a server under
 * test: SIGUSR2 runs V8's collector. Idle figures then measure live memory
 * rather than the heap's high-water mark after the login flood (RSS alone
 * keeps pages V8 has not given back). After each collection it prints one
 * `load-memory {…}` line with `Deno.memoryUsage()`, so the tool can split a
 * connection's cost into JS heap, external buffers and native memory.
 *
 * @module
 */
import v8 from "node:v8";
import vm from "node:vm";

/** Starts the line that reports memory after a collection. */
export const MEMORY_LINE = "load-memory ";

/** Installs the SIGUSR2 handler once; later calls do nothing. */
export function collectOnSignal(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  Deno.addSignalListener("SIGUSR2", () => {
    gc();
    console.log(MEMORY_LINE + JSON.stringify(Deno.memoryUsage()));
  });
}

let installed = false;
