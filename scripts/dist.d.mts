// Types for scripts/dist.mjs (plain JS, run by node; imported by the tests).
export function isDownloadFailure(err: unknown): boolean;
export function electronVersion(): string | undefined;
export function distFailureLine(err: unknown, where?: { version?: string; platform?: string; arch?: string }): string;
export function dist(args: string[], deps?: { builder?: (options: Record<string, unknown>) => Promise<unknown>; say?: (line: string) => void }): Promise<number>;
