import assert from "node:assert/strict";
import { helpText, loadConfig } from "../lib/config.ts";

const env = (vars: Record<string, string> = {}) => ({
  get: (k: string) => vars[k],
});

Deno.test("loadConfig applies the documented defaults", () => {
  const c = loadConfig([], env());
  assert.equal(c.hostname, "127.0.0.1");
  assert.equal(c.telnetPort, 2323);
  assert.equal(c.port, 8000);
  assert.equal(c.backend, "kv");
  assert.equal(c.idleTimeoutSeconds, 600);
  assert.equal(c.pbkdf2Iterations, 600_000);
});

Deno.test("loadConfig prefers flags over environment over defaults", () => {
  const vars = {
    TELNET_PORT: "3000",
    CHAT_BACKEND: "memory",
    CHAT_HOSTNAME: "0.0.0.0",
    HOSTNAME: "box",
  };
  const fromEnv = loadConfig([], env(vars));
  assert.equal(fromEnv.telnetPort, 3000);
  assert.equal(fromEnv.backend, "memory");
  assert.equal(fromEnv.hostname, "0.0.0.0");
  const fromFlags = loadConfig([
    "--telnet-port",
    "0",
    "--backend=redis",
    "--idle-timeout",
    "5",
  ], env(vars));
  assert.equal(fromFlags.telnetPort, 0);
  assert.equal(fromFlags.backend, "redis");
  assert.equal(fromFlags.idleTimeoutSeconds, 5);
});

Deno.test("loadConfig refuses bad values with clear errors", () => {
  assert.throws(
    () => loadConfig(["--backend", "mysql"], env()),
    /Unknown backend "mysql"; choose a backend from memory, kv, redis, dynamodb/,
  );
  assert.throws(
    () => loadConfig(["--port", "70000"], env()),
    /port from 0 to 65535/,
  );
  assert.throws(
    () => loadConfig(["--idle-timeout", "soon"], env()),
    /whole number/,
  );
  assert.throws(() => loadConfig(["--nope"], env()), /nope/);
});

Deno.test("loadConfig turns telnet off on request or on Deno Deploy", () => {
  assert.equal(loadConfig(["--telnet-port", "off"], env()).telnetPort, null);
  assert.equal(loadConfig([], env({ DENO_DEPLOY: "1" })).telnetPort, null);
});

Deno.test("loadConfig takes TLS files together and telnet over TLS only with them", () => {
  const off = loadConfig([], env());
  assert.equal(off.telnetTlsPort, null);
  assert.equal(off.tls, null);
  const on = loadConfig(
    ["--tls-cert", "c.pem", "--telnet-tls-port", "6697"],
    env({ TLS_KEY: "k.pem" }),
  );
  assert.deepEqual(on.tls, { certFile: "c.pem", keyFile: "k.pem" });
  assert.equal(on.telnetTlsPort, 6697);
  const fromEnv = loadConfig(
    [],
    env({ TLS_CERT: "c", TLS_KEY: "k", TELNET_TLS_PORT: "0" }),
  );
  assert.equal(fromEnv.telnetTlsPort, 0);
  // HTTPS alone is fine; telnet over TLS stays off.
  assert.equal(
    loadConfig(["--tls-cert", "c", "--tls-key", "k"], env()).telnetTlsPort,
    null,
  );
  assert.throws(
    () => loadConfig(["--telnet-tls-port", "6697"], env()),
    /--telnet-tls-port needs --tls-cert and --tls-key/,
  );
  assert.throws(
    () => loadConfig(["--tls-key", "k"], env()),
    /--tls-cert and --tls-key must be given together/,
  );
  assert.throws(
    () =>
      loadConfig(
        ["--telnet-tls-port", "x", "--tls-cert=c", "--tls-key=k"],
        env(),
      ),
    /--telnet-tls-port must be a whole number/,
  );
});

Deno.test("helpText lists every flag and its variable", () => {
  const text = helpText();
  for (
    const s of [
      "--telnet-port",
      "TELNET_PORT",
      "--port",
      "PORT",
      "--hostname",
      "CHAT_HOSTNAME",
      "--backend",
      "--idle-timeout",
      "--pbkdf2-iterations",
      "--telnet-tls-port",
      "TELNET_TLS_PORT",
      "--tls-cert",
      "TLS_CERT",
      "--tls-key",
      "TLS_KEY",
    ]
  ) {
    assert.ok(text.includes(s), s);
  }
});

Deno.test("loadConfig picks the bus that fits the backend", () => {
  assert.equal(loadConfig([], env()).bus, "memory");
  assert.equal(loadConfig(["--backend", "redis"], env()).bus, "redis");
  assert.equal(loadConfig([], env({ DENO_DEPLOY: "1" })).bus, "kv");
  assert.equal(loadConfig([], env({ DENO_DEPLOY: "1" })).kvPath, "");
  assert.equal(loadConfig(["--bus", "redis"], env()).bus, "redis");
  assert.throws(
    () => loadConfig(["--bus", "nats"], env()),
    /Unknown bus "nats"/,
  );
});

Deno.test("loadConfig reads name lengths and refuses impossible ones", () => {
  const c = loadConfig(
    ["--min-name-length", "2", "--max-name-length", "40"],
    env(),
  );
  assert.equal(c.limits.minNameLength, 2);
  assert.equal(c.limits.maxNameLength, 40);
  assert.equal(loadConfig([], env()).limits.maxNameLength, 32);
  assert.throws(
    () => loadConfig(["--max-name-length", "65"], env()),
    /at most 64/,
  );
  assert.throws(
    () =>
      loadConfig(["--min-name-length", "9", "--max-name-length", "8"], env()),
    /must not exceed/,
  );
});

Deno.test("loadConfig picks the HTTP engine: auto (node) by default, TLS included, never node on Deploy", () => {
  assert.equal(loadConfig([], env()).httpEngine, "node");
  assert.equal(loadConfig(["--http-engine", "deno"], env()).httpEngine, "deno");
  assert.equal(loadConfig(["--http-engine", "auto"], env()).httpEngine, "node");
  assert.equal(loadConfig([], env()).headerTimeoutSeconds, 10);
  const tls = ["--tls-cert", "c.pem", "--tls-key", "k.pem"];
  assert.equal(
    loadConfig(["--http-engine", "auto", ...tls], env()).httpEngine,
    "node",
  );
  assert.equal(loadConfig([], env({ DENO_DEPLOY: "1" })).httpEngine, "deno");
  assert.equal(
    loadConfig(["--http-engine", "node"], env({ DENO_DEPLOY: "1" })).httpEngine,
    "deno",
  );
  assert.equal(
    loadConfig([], env({ HTTP_ENGINE: "node" })).httpEngine,
    "node",
  );
  assert.equal(
    loadConfig(["--http-header-timeout", "3"], env()).headerTimeoutSeconds,
    3,
  );
  assert.throws(
    () => loadConfig(["--http-engine", "nginx"], env()),
    /Unknown HTTP engine "nginx"/,
  );
  assert.throws(
    () => loadConfig(["--http-header-timeout", "0"], env()),
    /at least 1/,
  );
});
