/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made
 * with the `openssl` command line in a temporary directory.
 *
 * @module
 */
import { onPath, type RequiredTool } from "../../lib/dev/required_tool.ts";

/** openssl, which the TLS tests need. */
export const OPENSSL: RequiredTool = {
  name: "openssl",
  installed: () => onPath("openssl"),
  packages: "openssl",
  needs: "the TLS tests",
};

/** A certificate and key, as PEM text and as files. */
export interface TestCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** Deletes the files. */
  remove(): Promise<void>;
}

/** Makes a P-256 certificate valid for a day. */
export async function makeTestCert(): Promise<TestCert> {
  const dir = await Deno.makeTempDir({ prefix: "parley-tls-" });
  const certFile = `${dir}/cert.pem`;
  const keyFile = `${dir}/key.pem`;
  const { success, stderr } = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      // rustls refuses a CA certificate as the server's own.
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-addext",
      "extendedKeyUsage=serverAuth",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    await Deno.remove(dir, { recursive: true });
    throw new Error(`openssl failed: ${new TextDecoder().decode(stderr)}`);
  }
  return {
    cert: await Deno.readTextFile(certFile),
    key: await Deno.readTextFile(keyFile),
    certFile,
    keyFile,
    remove: () => Deno.remove(dir, { recursive: true }),
  };
}
