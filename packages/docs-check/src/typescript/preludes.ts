// What the snippets of each doc take as given: the reader's own variables and UI functions, declared, never defined.
// Keep these short: a name belongs here only when a snippet uses it as "something your app already has".

const SDK_PRELUDE = `
import type { IChatClient, Me, Message } from '@ichat/sdk';

declare global {
  /** A client created as in "Connect"; later snippets use it. */
  const client: IChatClient;
  const url: string;
  const token: string;
  const savedToken: string;
  const newToken: string;
  const email: string;
  const password: string;
  const roomId: number;
  const clientMsgId: string;
  const myOwnId: string;
  const margaretId: number;
  const banner: HTMLElement;
  function render(lines: string[]): void;
  function append(message: Message): void;
  function greet(user: Me): void;
  function listener(message: Message): void;
  function showTyping(roomId: number, username: string): void;
  function showLogin(): void;
  function markFailed(clientMsgId: string, reason: string): void;
  function showWrongPassword(): void;
  function retryIn(ms: number | undefined): void;
  function highlight(field: string): void;
}
`;

const EMBEDDING_PRELUDE = `
// The page loaded the widget (script tag or bundler), so the elements and their events are typed.
import '@ichat/widget';

declare global {
  function notifyVisitor(text: string): void;
}
`;

/** Preludes by doc; a doc without one gets an empty module. */
export const SNIPPET_PRELUDES: Readonly<Record<string, string>> = {
  'docs/sdk.md': SDK_PRELUDE,
  'docs/embedding.md': EMBEDDING_PRELUDE,
};

/** The prelude for `file`. */
export function preludeFor(file: string): string {
  return SNIPPET_PRELUDES[file] ?? 'export {};\n';
}
