// The logger of `jobsim serve`: human-readable lines (pino-pretty) on a terminal, JSON lines
// otherwise or with --log-format json (for log collectors).
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'auto' | 'pretty' | 'json';

export function createLogger(level: string, format: LogFormat, isTTY = process.stdout.isTTY === true): Logger {
  const human = format === 'pretty' || (format === 'auto' && isTTY);
  if (!human) return pino({ level });
  // In-process and synchronous (no worker thread), so a line is out before an exit.
  return pino({ level }, pretty({ colorize: isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,urls', singleLine: false, sync: true }));
}
