/**
 * The chat core: domain types, validation, passwords, the storage and bus
 * ports, and the session that every transport drives. It knows nothing of
 * TCP, WebSocket, HTTP, Redis or DynamoDB.
 *
 * @module
 */
export * from "./types.ts";
export * from "./result.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./validation.ts";
export * from "./password.ts";
export * from "./backend.ts";
export * from "./bus.ts";
export * from "./connection.ts";
export * from "./session.ts";
