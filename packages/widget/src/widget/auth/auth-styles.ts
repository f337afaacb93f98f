// The log-in / sign-up form's styles, adopted when the auth part loads (see `adoptPartStyles`).

export const authCss = `
  .auth {
    margin: auto;
    inline-size: min(100%, 380px);
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 3) calc(var(--_space) * 2.5);
    overflow-y: auto;
  }
  .brand {
    display: grid;
    place-items: center;
  }
  .logo {
    display: grid;
    place-items: center;
    inline-size: 56px;
    block-size: 56px;
    border-radius: 18px;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .auth h2 {
    text-align: center;
    font-size: 1.35rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error,
  .form-error {
    font-size: 0.85rem;
  }
  /* Always present so screen readers hear the error appear; empty, it gives back its grid gap. */
  .form-error.blank {
    margin-block-end: calc(var(--_space) * -1.5);
  }
  .submit {
    min-block-size: 46px;
    font-weight: 650;
  }
  .notice {
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 0.9rem;
  }
`;
