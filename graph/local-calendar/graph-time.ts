/**
 * Graph's `dateTimeTimeZone` and `Prefer: outlook.timezone` on the server side: a local date-time with no offset
 * plus a zone name (Windows or IANA), converted with the domain's zone arithmetic.
 */
import type { DateTimeTimeZone } from '@microsoft/microsoft-graph-types';
import { normaliseTimeZone } from '../../workflow/scheduling/working-hours.js';
import { localDateTimeToInstant, ZonedTime } from '../../workflow/scheduling/zoned-time.js';
import { GraphHttpError } from './errors.js';

/** A zone as the client named it, and the IANA zone it stands for. */
export interface OutputZone {
  /** Echoed in `timeZone` of every dateTimeTimeZone the server writes. */
  readonly name: string;
  readonly iana: string;
}

export const UTC_ZONE: OutputZone = Object.freeze({ name: 'UTC', iana: 'UTC' });

const PREFER_ZONE = /outlook\.timezone\s*=\s*"([^"]*)"/i;

/** The zone a `Prefer: outlook.timezone="…"` header asks for; UTC when absent. Unknown names are a 400, as in Graph. */
export function preferredZone(prefer: string | undefined): OutputZone {
  const name = prefer ? PREFER_ZONE.exec(prefer)?.[1]?.trim() : undefined;
  if (!name) return UTC_ZONE;
  const iana = normaliseTimeZone(name);
  if (!iana) throw new GraphHttpError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`);
  return { name, iana };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "2026-03-30T08:00:00.0000000" for an instant, read in `iana`. */
export function graphDateTime(ms: number, iana: string, zoned: ZonedTime): string {
  const w = zoned.wallClock(ms, iana);
  const seconds = Math.floor(w.remainderMs / 1000);
  const millis = w.remainderMs % 1000;
  return `${w.date}T${pad(Math.floor(w.minutes / 60))}:${pad(w.minutes % 60)}:${pad(seconds)}.${pad(millis, 3)}0000`;
}

export function toDateTimeTimeZone(ms: number, zone: OutputZone, zoned: ZonedTime): DateTimeTimeZone {
  return { dateTime: graphDateTime(ms, zone.iana, zoned), timeZone: zone.name };
}

/** The instant a dateTimeTimeZone from a request stands for; a 400 when it cannot be read. */
export function readDateTimeTimeZone(value: unknown, what: string): number {
  const v = value as DateTimeTimeZone | null | undefined;
  if (!v || typeof v.dateTime !== 'string') throw new GraphHttpError(400, 'ErrorInvalidRequest', `${what} must be a dateTimeTimeZone.`);
  const zoneName = v.timeZone ?? 'UTC';
  const iana = normaliseTimeZone(zoneName);
  if (!iana) throw new GraphHttpError(400, 'TimeZoneNotSupportedException', `The following TimeZone value is not supported: '${zoneName}'.`);
  // A dateTime that carries its own offset ("…Z") is read as that instant, as Graph does.
  const text = v.dateTime.trim();
  if (/(?:Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new GraphHttpError(400, 'ErrorInvalidRequest', `${what}.dateTime "${text}" cannot be read.`);
    return ms;
  }
  try {
    return Date.parse(localDateTimeToInstant(text, iana));
  } catch {
    throw new GraphHttpError(400, 'ErrorInvalidRequest', `${what}.dateTime "${text}" cannot be read.`);
  }
}
