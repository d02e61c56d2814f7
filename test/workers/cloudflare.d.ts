// The few parts of workerd's test modules these tests use (the full types are in
// @cloudflare/workers-types, which the rest of the repository does not need).
declare module 'cloudflare:workers' {
  export const env: Record<string, unknown>;
  export const exports: { default: { fetch(input: Request | string, init?: RequestInit): Promise<Response> } };
}

declare module 'cloudflare:test' {
  export type ExecutionContext = { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void };
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: number | Date; cron?: string }): { scheduledTime: number; cron: string; noRetry(): void };
}
