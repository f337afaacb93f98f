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
  #before: { firstKey: string | undefined; height: number; top: number } | undefined;

  /** Call before the log re-renders. */
  capture(log: Element | null): void {
    this.#before = log === null ? undefined : { firstKey: firstKey(log), height: log.scrollHeight, top: log.scrollTop };
  }

  /**
   * Call after it re-rendered. Content added above the first message is compensated for (the browser's own scroll
   * anchoring is off, so this is the only adjustment); otherwise a stuck view follows the bottom.
   */
  restore(log: Element | null): void {
    const before = this.#before;
    this.#before = undefined;
    if (log === null) return;
    if (this.stick) {
      log.scrollTop = log.scrollHeight;
      return;
    }
    if (before !== undefined && before.firstKey !== undefined && firstKey(log) !== before.firstKey) {
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
