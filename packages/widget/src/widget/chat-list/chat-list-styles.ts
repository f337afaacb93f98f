// The chat list pane: its header, the rows with preview, time and unread badge, the account footer.

import { css } from 'lit';

export const chatListStyles = css`
  .list-pane .bar h2 {
    flex: 1;
    font-size: 1.25rem;
  }
  .new-chat {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    border-radius: 999px;
    padding-inline: 10px 14px;
    white-space: nowrap;
  }
  .search {
    inline-size: auto;
    margin: 4px var(--_space) 0;
  }
  .chats {
    list-style: none;
    margin: 0;
    padding: 4px;
    flex: 1;
    overflow-y: auto;
    overflow-x: hidden;
  }
  .chat-item {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 1.25);
    inline-size: 100%;
    padding: calc(var(--_space) * 1.1) var(--_space);
    text-align: start;
    border: 0;
    background: transparent;
  }
  .chat-item:hover {
    background: var(--_surface);
  }
  .chat-item[aria-current='true'] {
    background: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
  }
  .chat-text {
    flex: 1;
    min-inline-size: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 2px;
  }
  .chat-top,
  .chat-bottom {
    display: flex;
    align-items: baseline;
    gap: var(--_space);
  }
  .chat-bottom {
    align-items: center;
  }
  .chat-name,
  .chat-preview {
    flex: 1;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chat-name {
    font-weight: 600;
  }
  .chat-time {
    flex: none;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .chat-preview {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .chat-preview.typing {
    color: var(--_accent);
    font-style: italic;
  }
  .has-unread .chat-preview {
    color: var(--_text);
    font-weight: 550;
  }
  .has-unread .chat-time {
    color: var(--_accent);
    font-weight: 600;
  }
  .badge {
    flex: none;
    min-inline-size: 20px;
    block-size: 20px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 20px;
    text-align: center;
  }
  /* A muted room keeps its count, greyed: there, but not calling for attention. */
  .muted .badge {
    background: var(--_muted);
  }
  .mute-mark {
    color: var(--_muted);
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: 6px var(--_space) 6px calc(var(--_space) * 1.5);
    border-block-start: 1px solid var(--_border);
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .account button {
    white-space: nowrap;
  }
  .account .avatar {
    inline-size: 28px;
    block-size: 28px;
    font-size: 0.7rem;
  }
  /* Narrower than about 9em, the buttons wrap under the name instead of cutting it to a few letters. */
  .me {
    flex: 1 1 9em;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;
