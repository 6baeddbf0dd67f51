/** One pino logger for the process; child loggers carry the component name. */
import { pino, type Logger } from 'pino';

export type { Logger };
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
