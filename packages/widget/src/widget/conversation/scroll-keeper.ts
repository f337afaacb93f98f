// Keeps the message log where the reader left it: pinned to the bottom, or still on the same message when older
// history is inserted above.

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK = 48;
/** How close to the top (px) asks for older history. */
export const TOP_SLACK = 160;

export function isAtBottom(log: Element): boolean {
  return log.scrollHeight - log.scrollTop - log.clientHeight <= BOTTOM_SLACK;
}

export class ScrollKeeper {
  /** Whether new content should keep the view at the bottom. */
  stick = true;
  #before: { log: Element; firstKey: string | undefined; height: number; top: number; atBottom: boolean } | undefined;

  /** Call before the log re-renders; `follow: false` (a history short of the newest) leaves pages added below unfollowed. */
  capture(log: Element | null, follow: boolean): void {
    this.#before =
      log === null ? undefined : { log, firstKey: firstKey(log), height: log.scrollHeight, top: log.scrollTop, atBottom: follow && isAtBottom(log) };
  }

  /**
   * Call after it re-rendered. Whether to follow the bottom is measured before the render rather than taken from
   * scroll events, which arrive a frame late: a render between the reader's scroll and its event must not pull the
   * view back down. Content added above the first message is compensated for (the browser's own scroll anchoring is
   * off, so this is the only adjustment).
   */
  restore(log: Element | null): void {
    // Another room's log (or none) before: this is a fresh view, which follows `stick` as the caller set it.
    const before = this.#before?.log === log ? this.#before : undefined;
    this.#before = undefined;
    if (log === null) return;
    this.stick = before === undefined ? this.stick : before.atBottom;
    if (this.stick) {
      log.scrollTop = log.scrollHeight;
      return;
    }
    if (before?.firstKey !== undefined && firstKey(log) !== before.firstKey) {
      log.scrollTop = before.top + (log.scrollHeight - before.height);
    }
  }

  /** Jumps to the newest message and sticks there. */
  toBottom(log: Element | null): void {
    this.stick = true;
    if (log !== null) log.scrollTop = log.scrollHeight;
  }
}

function firstKey(log: Element): string | undefined {
  return log.querySelector<HTMLElement>('.msg')?.dataset['key'];
}
