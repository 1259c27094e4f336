/**
 * Registration and login as the session offers them: validation,
 * throttling, digesting the password, logs and metrics, and the one error
 * for an unknown name or a wrong password. The account rules themselves
 * (hashing, "taken", the constant-cost check) are in `rules/account.ts`.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { ChatError } from "../model/errors.ts";
import type { Gatekeeper } from "../throttle/gatekeeper.ts";
import type { ChatMetrics } from "../ports/metrics.ts";
import { type HashOptions, sha256Hex } from "../rules/password.ts";
import { checkCredentials, registerAccount } from "../rules/account.ts";
import type { StorageGuard } from "../session/storage_guard.ts";
import type { Participant } from "../model/types.ts";
import {
  EXISTING_NAME,
  type NameRule,
  validateEmail,
  validateName,
  validatePassword,
} from "../rules/validation.ts";
import type { Logger } from "../ports/logger.ts";

/** Options of `Session.authenticate` and `Session.register`. */
export interface ClientInfo {
  /** The peer's IP address, for per-address throttling. */
  address?: string;
}

/** What `Accounts` works with; all owned by the session. */
export interface AccountsDeps {
  backend: Backend;
  gate: Gatekeeper;
  guard: StorageGuard;
  metrics: ChatMetrics;
  log: Logger;
  /** Lengths allowed for new names. */
  names: NameRule;
  /** How new credentials are hashed (and unknown names checked). */
  hashing: HashOptions;
}

/** Creates and checks accounts. */
export class Accounts {
  #deps: AccountsDeps;

  /** Uses the session's backend, gatekeeper, guard, metrics and log. */
  constructor(deps: AccountsDeps) {
    this.#deps = deps;
  }

  /** Creates an account from a plain password (digested before storage). */
  async register(
    name: string,
    password: string,
    email: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    const { backend, gate, guard, metrics, log } = this.#deps;
    const cleanName = validateName(name, this.#deps.names);
    const cleanEmail = validateEmail(email);
    validatePassword(password);
    let undo: () => void;
    try {
      // Reserved before anything is created, so parallel sign-ups count.
      undo = gate.reserveRegistration(options.address);
    } catch (error) {
      metrics.count("throttled", "register");
      log.info("register_throttled", { address: options.address });
      throw error;
    }
    try {
      const passwordSha256 = await sha256Hex(password);
      const result = await guard.run(
        "Registration failed",
        () =>
          registerAccount(backend, {
            name: cleanName,
            passwordSha256,
            email: cleanEmail,
          }, this.#hashing(options.address)),
      );
      if (!result.ok) {
        throw new ChatError("taken", `The name ${cleanName} is already taken`, {
          field: "name",
        });
      }
      log.info("register", { name: cleanName, address: options.address });
      return result.value;
    } catch (error) {
      undo();
      this.#countBusy(error);
      throw error;
    }
  }

  /** Checks credentials; the same error for an unknown name or a wrong password. */
  async authenticate(
    name: string,
    password: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    const { backend, gate, guard, metrics, log } = this.#deps;
    const { address } = options;
    // Refused before it is logged, counted or hashed: no name that could
    // exist looks like this, and no control character reaches a log line.
    const clean = validateName(name, EXISTING_NAME);
    // Only the upper bound (hashing stays cheap): passwords set before a
    // longer minimum was required still work.
    if (password.length > 1024) {
      throw new ChatError(
        "too_long",
        "Password is longer than 1024 characters",
        {
          field: "password",
        },
      );
    }
    let ticket;
    try {
      ticket = gate.reserveLogin(clean, address);
    } catch (error) {
      metrics.count("throttled", "login");
      log.info("login_throttled", { name: clean, address });
      throw error;
    }
    const passwordSha256 = await sha256Hex(password);
    const result = await guard.run(
      "Login failed",
      () =>
        checkCredentials(
          backend,
          { name: clean, passwordSha256 },
          this.#hashing(address),
        ),
    ).catch((error) => {
      // Not a wrong password: busy or storage down. It is not a failure.
      ticket.succeeded();
      this.#countBusy(error);
      throw error;
    });
    if (!result.ok) {
      metrics.count("auth_failures");
      log.info("auth_failed", { name: clean, address });
      throw new ChatError("invalid_credentials", "Wrong name or password");
    }
    ticket.succeeded();
    return result.value;
  }

  // A full derivation queue shows in `parley_throttled_total{kind="busy"}`.
  #countBusy(error: unknown): void {
    if (error instanceof ChatError && error.code === "busy") {
      this.#deps.metrics.count("throttled", "busy");
    }
  }

  // Derivations wait in the requester's lane; trusted peers share one.
  #hashing(address?: string): HashOptions {
    const lane = this.#deps.gate.limited(address);
    return { ...this.#deps.hashing, requester: lane };
  }
}
