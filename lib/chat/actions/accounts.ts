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
    const { backend, gate, guard, metrics, log, hashing } = this.#deps;
    const cleanName = validateName(name, this.#deps.names);
    const cleanEmail = validateEmail(email);
    try {
      gate.checkRegistration(options.address);
    } catch (error) {
      metrics.count("throttled", "register");
      log.info("register_throttled", { address: options.address });
      throw error;
    }
    const passwordSha256 = await sha256Hex(validatePassword(password));
    const result = await guard.run(
      "Registration failed",
      () =>
        registerAccount(backend, {
          name: cleanName,
          passwordSha256,
          email: cleanEmail,
        }, hashing),
    );
    if (!result.ok) {
      throw new ChatError("taken", `The name ${cleanName} is already taken`, {
        field: "name",
      });
    }
    gate.registered(options.address);
    log.info("register", { name: cleanName, address: options.address });
    return result.value;
  }

  /** Checks credentials; the same error for an unknown name or a wrong password. */
  async authenticate(
    name: string,
    password: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    const { backend, gate, guard, metrics, log, hashing } = this.#deps;
    const { address } = options;
    try {
      gate.checkLogin(name, address);
    } catch (error) {
      metrics.count("throttled", "login");
      log.info("login_throttled", { name, address });
      throw error;
    }
    const passwordSha256 = await sha256Hex(password);
    const result = await guard.run(
      "Login failed",
      () => checkCredentials(backend, { name, passwordSha256 }, hashing),
    );
    if (!result.ok) {
      gate.loginFailed(name, address);
      metrics.count("auth_failures");
      log.info("auth_failed", { name, address });
      throw new ChatError("invalid_credentials", "Wrong name or password");
    }
    return result.value;
  }
}
