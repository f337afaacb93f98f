// The dialogs (new chat, profile editor): the modal, direct or group tabs, the form. Adopted when either part loads
// (see `adoptPartStyles`).

export const dialogCss = `
  dialog {
    inline-size: min(92vw, 400px);
    padding: calc(var(--_space) * 2.5);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.6);
    background: var(--_bg);
    color: var(--_text);
    box-shadow: 0 20px 60px rgb(0 0 0 / 0.3);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.45);
  }
  dialog form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  dialog h2 {
    font-size: 1.15rem;
  }
  .tabs {
    display: flex;
    gap: 4px;
    padding: 3px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .tab {
    flex: 1;
    border: 0;
    background: transparent;
  }
  .tab[aria-pressed='true'] {
    background: var(--_bg);
    font-weight: 600;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.15);
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
  }
`;
