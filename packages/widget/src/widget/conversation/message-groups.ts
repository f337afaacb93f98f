// Groups a room's messages for display: by local day, then runs from one sender close together in time.

import { startOfDay } from '../shared/time-format.js';

/** Consecutive messages from one sender further apart than this start a new run. */
const RUN_GAP_MS = 5 * 60_000;

/** What grouping needs from a message, stored or pending. */
export interface Groupable {
  senderId: number;
  createdAt: number;
  /** Starts a new run whatever came before (the first unread message, under its divider). */
  breakBefore?: boolean;
}

/** A run of messages from one sender. */
export interface SenderRun<T extends Groupable> {
  senderId: number;
  items: T[];
}

/** One local day of messages. */
export interface DayGroup<T extends Groupable> {
  day: number;
  runs: SenderRun<T>[];
}

/**
 * Groups messages (already in display order) by day and sender.
 *
 * @example
 * ```ts
 * groupMessages(messages)[0].runs[0].items // the first sender's first messages of the first day
 * ```
 */
export function groupMessages<T extends Groupable>(items: readonly T[]): DayGroup<T>[] {
  const days: DayGroup<T>[] = [];
  for (const item of items) {
    const day = startOfDay(item.createdAt);
    let group = days.at(-1);
    if (group === undefined || group.day !== day) {
      group = { day, runs: [] };
      days.push(group);
    }
    const run = group.runs.at(-1);
    const last = run?.items.at(-1);
    const continues = run !== undefined && last !== undefined && item.breakBefore !== true;
    if (continues && run.senderId === item.senderId && item.createdAt - last.createdAt <= RUN_GAP_MS) {
      run.items.push(item);
    } else {
      group.runs.push({ senderId: item.senderId, items: [item] });
    }
  }
  return days;
}
