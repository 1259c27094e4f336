/**
 * Transport encryption: telnet over TLS and HTTPS from the same PEM files,
 * with a throwaway self-signed certificate, and clear startup errors.
 */
import assert from "node:assert/strict";
import { serveTelnet } from "../lib/telnet/server.ts";
import { frameHeader } from "./attacks/_from.ts";
import {
  makeTestCert,
  OPENSSL,
  skipWithout,
  startServerProcess,
  TelnetClient,
  testSession,
} from "./_support/mod.ts";

const ignore = await skipWithout(OPENSSL);

Deno.test({
  name: "telnet over TLS runs the same dialog, UTF-8 and negotiation included",
  ignore,
  async fn() {
    const cert = await makeTestCert();
    const session = testSession();
    const telnet = serveTelnet(session, {
      port: 0,
      tls: { cert: cert.cert, key: cert.key },
    });
    const clients: TelnetClient[] = [];
    try {
      const a = await TelnetClient.connectTls(telnet.addr.port, [cert.cert]);
      clients.push(a);
      await a.expect("Type a number");
      // The opening negotiation travels inside TLS like everything else.
      await a.expectBytes([255, 253, 0, 255, 251, 0, 255, 253, 31]);
      await a.ask("/register tls-user tls-password t@example.com", "Welcome");
      await a.ask("über TLS ✓ 中文", "<tls-user> über TLS ✓ 中文\r\n");
      // A client that does not speak TLS gets nowhere, and the server lives on.
      const plain = await Deno.connect({ port: telnet.addr.port });
      await plain.write(new TextEncoder().encode("/help\r\n"));
      const buf = new Uint8Array(256);
      const n = await plain.read(buf).catch(() => null);
      plain.close();
      assert.ok(
        n === null || !new TextDecoder().decode(buf.subarray(0, n)).includes(
          "Commands",
        ),
      );
      await a.ask("/who", "tls-user (online)");
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      session.close("shutdown");
      await session.drain();
      await telnet.close();
      await cert.remove();
    }
  },
});

Deno.test({
  name:
    "main.ts with --tls-cert serves HTTPS with Secure cookies and telnet over TLS",
  ignore,
  async fn() {
    const cert = await makeTestCert();
    const server = await startServerProcess([
      "--backend",
      "memory",
      "--tls-cert",
      cert.certFile,
      "--tls-key",
      cert.keyFile,
      "--telnet-tls-port",
      "0",
    ], { telnetTls: true });
    const client = Deno.createHttpClient({ caCerts: [cert.cert] });
    try {
      // HTTPS, spoken by hand over Deno.connectTls.
      const conn = await Deno.connectTls({
        hostname: "127.0.0.1",
        port: server.httpPort!,
        caCerts: [cert.cert],
      });
      await conn.write(
        new TextEncoder().encode(
          "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
      );
      const reply = await new Response(conn.readable).text();
      assert.match(reply, /^HTTP\/1\.1 200/);
      // Signing in over HTTPS sets a Secure cookie.
      const origin = `https://127.0.0.1:${server.httpPort}`;
      const res = await fetch(`${origin}/register`, {
        method: "POST",
        body: new URLSearchParams({
          name: "webby",
          password: "password-1",
          email: "webby@example.org",
        }),
        headers: { origin },
        redirect: "manual",
        client,
      });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      const cookie = res.headers.get("set-cookie") ?? "";
      assert.match(cookie, /^parley_session=.*; Secure/);
      // A WebSocket over TLS (wss), signed in by that cookie.
      const wss = await Deno.connectTls({
        hostname: "127.0.0.1",
        port: server.httpPort!,
        caCerts: [cert.cert],
      });
      const encode = (s: string) => new TextEncoder().encode(s);
      await wss.write(encode(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.httpPort}\r\n` +
          `Origin: ${origin}\r\nCookie: ${cookie.split(";")[0]}\r\n` +
          "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
          "Sec-WebSocket-Version: 13\r\n\r\n",
      ));
      const who = encode(JSON.stringify({ type: "who" }));
      await wss.write(frameHeader(1, who.length));
      await wss.write(who);
      let seen = "";
      const buf = new Uint8Array(4096);
      while (!seen.includes('"participants"')) {
        const n = await wss.read(buf);
        assert.ok(n !== null, `closed early: ${JSON.stringify(seen)}`);
        seen += new TextDecoder().decode(buf.subarray(0, n));
      }
      assert.match(seen, /^HTTP\/1\.1 101/);
      assert.match(seen, /"name":"webby"/);
      wss.close();
      // Telnet over TLS on its own port, next to plain telnet.
      const tls = await TelnetClient.connectTls(server.telnetTlsPort!, [
        cert.cert,
      ]);
      await tls.ask("/login webby password-1", "Welcome, webby");
      await tls.close();
      const plain = await TelnetClient.atMenu(server.telnetPort);
      await plain.close();
    } finally {
      client.close();
      assert.equal(await server.stop(), 0);
      await cert.remove();
    }
  },
});

/** Runs main.ts with `args` and returns its exit code and stderr. */
async function startupError(args: string[]) {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "--backend", "memory", ...args],
    cwd: new URL("..", import.meta.url),
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}

Deno.test("a bad certificate or key stops startup with one clear line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const junk = `${dir}/junk.pem`;
    await Deno.writeTextFile(junk, "not a certificate\n");
    // A file that cannot be read is a configuration error (2); one that
    // holds no certificate fails at listening, like a port in use (1).
    const cases: [string[], number, RegExp][] = [
      [
        ["--tls-cert", `${dir}/missing.pem`, "--tls-key", junk],
        2,
        /^parley: cannot read --tls-cert file .*missing\.pem: No such file or directory\n$/,
      ],
      [
        ["--tls-cert", junk, "--tls-key", `${dir}/nokey.pem`],
        2,
        /^parley: cannot read --tls-key file .*nokey\.pem: No such file or directory\n$/,
      ],
      [
        ["--tls-cert", junk, "--tls-key", junk, "--port", "0"],
        1,
        /^parley: could not start: https on [\d.]+:0: .*certificate.*\n$/,
      ],
    ];
    for (const [args, exit, expected] of cases) {
      const { code, stderr } = await startupError(args);
      assert.equal(code, exit, stderr);
      assert.match(stderr, expected);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
