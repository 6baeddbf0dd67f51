/**
 * One pino logger for the process; child loggers carry the component name. On a terminal the lines are
 * made readable by pino-pretty; anywhere else (a file, journald, a container's log driver) they stay JSON.
 */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** pino-pretty is a development dependency: an install without it logs JSON on a terminal too. */
function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const pretty = (options.pretty ?? process.stdout.isTTY === true) && prettyInstalled();
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'hostname', singleLine: true } } } : {}),
  });
}
