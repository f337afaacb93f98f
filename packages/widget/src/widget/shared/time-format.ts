// Local dates and times as the widget shows them: day separators, message times, chat-list stamps.

import type { WidgetStrings } from './widget-strings.js';

const DAY_MS = 86_400_000;

/** Midnight (local time) starting the day of `ms`. */
export function startOfDay(ms: number): number {
  const date = new Date(ms);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const fullDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** "14:05" or "2:05 PM", as the reader's locale writes it. */
export function timeLabel(ms: number): string {
  return timeFormat.format(ms);
}

/** A day separator: Today, Yesterday, "Monday 3 March", or with the year when it is not this year. */
export function dayLabel(ms: number, now: number, t: WidgetStrings): string {
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);
  if (days === 0) return t.today;
  if (days === 1) return t.yesterday;
  return new Date(ms).getFullYear() === new Date(now).getFullYear() ? longDateFormat.format(ms) : fullDateFormat.format(ms);
}

/** The chat list's stamp: a time today, a weekday within the week, else a short date. */
export function listTimeLabel(ms: number, now: number, t: WidgetStrings): string {
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);
  if (days === 0) return timeLabel(ms);
  if (days === 1) return t.yesterday;
  return days < 7 ? weekdayFormat.format(ms) : shortDateFormat.format(ms);
}

/** Full date and time for a `<time>` element's tooltip. */
export function fullLabel(ms: number): string {
  return `${fullDateFormat.format(ms)} ${timeLabel(ms)}`;
}
