// The page title while the tab is hidden: "(3) Original title", put back exactly as it was.

/** The title with the unread total in front, or the title alone when nothing is unread. */
export function titleWithUnread(title: string, total: number): string {
  return total > 0 ? `(${total}) ${title}` : title;
}

/** Owns `document.title` only while it shows a count, and never overwrites a title the host page set meanwhile. */
export class UnreadTitle {
  /** The host's title before the count was put in front; undefined while the title is the host's own. */
  #original: string | undefined;
  #shown = '';

  show(total: number): void {
    if (total <= 0) return this.restore();
    // The host changed the title while the count showed: that is now the title to count in front of, and to restore.
    if (this.#original === undefined || document.title !== this.#shown) this.#original = document.title;
    this.#shown = titleWithUnread(this.#original, total);
    document.title = this.#shown;
  }

  restore(): void {
    if (this.#original === undefined) return;
    if (document.title === this.#shown) document.title = this.#original;
    this.#original = undefined;
  }
}
