/** Structured one-line JSON logs. Carry ids and case references only: never names, rationale or feedback. */
export interface Log {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function consoleLog(sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log {
  const write = (level: string) => (event: string, fields: Record<string, unknown> = {}) =>
    sink(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }));
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLog: Log = { info() {}, warn() {}, error() {} };
