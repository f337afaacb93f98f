// Calendar arithmetic in an IANA time zone, with Intl only: local dates to UTC instants, DST included.

import { IChatError } from '@ichat/protocol';

/** A calendar date in some zone. Months are 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new IChatError('validation_failed', `Unknown time zone "${timeZone}"`, { field: 'tz' });
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** Checks that a zone name is one this runtime knows; returns it. */
export function checkTimeZone(timeZone: string): string {
  formatter(timeZone);
  return timeZone;
}

function parts(instant: number, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values['year'] ?? 1970,
    month: values['month'] ?? 1,
    day: values['day'] ?? 1,
    hour: values['hour'] ?? 0,
    minute: values['minute'] ?? 0,
    second: values['second'] ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant - (instant % 1000));
}

/** The calendar date at an instant in the zone. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const { year, month, day } = parts(instant, timeZone);
  return { year, month, day };
}

/**
 * The UTC instant of local midnight starting `date` in the zone. Month and day may overflow (Date.UTC normalises).
 * Where a DST change skips midnight, the first instant of that day is the end of the gap, which this finds too.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // The offset at the wall time read as UTC is a first guess; a second pass settles days where it changes.
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  const check = localDateOf(instant, timeZone);
  const intended = new Date(wall);
  if (check.day !== intended.getUTCDate()) instant += 3_600_000;
  return instant;
}

/** ISO weekday of a local date: Monday 1 … Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}
