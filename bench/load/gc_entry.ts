/**
 * Parley's `main.ts` with the load tool's collection hook (`gc_signal.ts`);
 * the tool starts Parley through this file for the idle measurement.
 *
 * @module
 */
import { main } from "../../main.ts";
import { collectOnSignal } from "./gc_signal.ts";

collectOnSignal();
Deno.exit(await main(Deno.args));
