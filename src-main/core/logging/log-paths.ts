import { join } from 'node:path';

/** Which process writes: the headless server and the desktop app keep separate diagnostic logs. */
export type LogProcess = 'serve' | 'desktop';

export const LOG_FILE_NAMES: Record<LogProcess, string> = { serve: 'outcrop-serve.log', desktop: 'outcrop-desktop.log' };

/** Where a process's diagnostic log is, under the Outcrop home (beside the request log's day files). */
export function appLogPath(home: string, process: LogProcess): string {
  return join(home, 'logs', LOG_FILE_NAMES[process]);
}
