/**
 * Configuration and client construction for the DynamoDB backend: options,
 * the environment variables behind them, and an SDK client that never
 * falls back to ambient credentials and never waits long on a dead server.
 *
 * @module
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** Where and how to reach DynamoDB. */
export interface DynamoBackendOptions {
  /** Endpoint URL (`DYNAMODB_ENDPOINT`), e.g. dynalite; AWS's when absent. */
  endpoint?: string;
  /** Table name (`DYNAMODB_TABLE`); default `parley`. */
  table?: string;
  /** AWS region (`AWS_REGION`); default `us-east-1`. */
  region?: string;
  /** Static credentials; required unless `endpoint` is set. */
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  /** Create the table when missing and wait until ACTIVE; default true. */
  createTable?: boolean;
  /** How long one HTTP attempt may take, in ms; default 3 000. */
  requestTimeoutMs?: number;
}

/** The table name used when none is configured. */
export const DEFAULT_TABLE = "parley";
/** The region used when none is configured. */
export const DEFAULT_REGION = "us-east-1";

/**
 * Attempts per request. A dead endpoint must fail a chat action in
 * seconds, not hang it: at most this many times the request timeout.
 */
export const MAX_ATTEMPTS = 3;
// Not below 2 s: for shorter ones @smithy/node-http-handler 4.14 arms a
// connect timer it never clears when the connection is refused.
const CONNECT_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 3_000;

/** Reads options from `DYNAMODB_*` and `AWS_*` variables (e.g. `Deno.env`). */
export function dynamoOptionsFromEnv(
  env: { get(key: string): string | undefined },
): DynamoBackendOptions {
  const options: DynamoBackendOptions = {};
  const endpoint = env.get("DYNAMODB_ENDPOINT");
  const table = env.get("DYNAMODB_TABLE");
  const region = env.get("AWS_REGION");
  const accessKeyId = env.get("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env.get("AWS_SECRET_ACCESS_KEY");
  const sessionToken = env.get("AWS_SESSION_TOKEN");
  if (endpoint) options.endpoint = endpoint;
  if (table) options.table = table;
  if (region) options.region = region;
  if (accessKeyId && secretAccessKey) {
    options.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
    };
  }
  return options;
}

/**
 * A client with explicit credentials, bounded retries and timeouts. The
 * SDK's default credential chain is never used: it may probe the EC2
 * metadata address, which must not be contacted.
 */
export function createDynamoClient(
  options: DynamoBackendOptions = {},
): DynamoDBClient {
  try {
    if (Deno.env.get("AWS_EC2_METADATA_DISABLED") === undefined) {
      Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");
    }
  } catch {
    // No env permission: explicit credentials keep the SDK off IMDS anyway.
  }
  const credentials = options.credentials ??
    (options.endpoint
      ? { accessKeyId: "local", secretAccessKey: "local" }
      : undefined);
  if (!credentials) {
    throw new Error(
      "DynamoDB needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or DYNAMODB_ENDPOINT for a local server)",
    );
  }
  return new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region ?? DEFAULT_REGION,
    credentials,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}
