// Every string <ichat-widget> shows, in one catalog a host can override (`element.strings = { send: 'Envoyer' }`).

import type { Widen } from '../../strings.js';
import type { AttachmentStringOverrides } from '../attachments/attachment-strings.js';
import type { ModerationStringOverrides } from '../moderation/moderation-strings.js';
import type { ReactionStringOverrides } from '../reactions/reaction-strings.js';

export { fill } from '../../strings.js';

export const WIDGET_STRINGS = {
  title: 'Chats',
  panelTitle: 'Messages',
  email: 'Email',
  username: 'Username',
  password: 'Password',
  logIn: 'Log in',
  createAccount: 'Create account',
  logInTitle: 'Welcome back',
  registerTitle: 'Create your account',
  toRegister: 'New here? Sign up',
  toLogin: 'Have an account? Sign in',
  forgotPassword: 'Forgot password?',
  forgotTitle: 'Reset your password',
  forgotHelp: 'We’ll email you a link to choose a new password.',
  sendLink: 'Send link',
  linkSent: 'If an account uses {email}, a link is on its way. It works for an hour.',
  logOut: 'Log out',
  editProfile: 'Edit profile',
  profileTitle: 'Your profile',
  shareReceipts: 'Share read receipts (off: you see none either)',
  displayName: 'Display name',
  avatarUrl: 'Picture URL',
  hostSignedOut: 'Sign in to this site to chat.',
  signedInAs: 'Signed in as {name}',
  newChat: 'New chat',
  tabPerson: 'Person',
  tabGroup: 'Group',
  newChatTitle: 'Start a chat',
  withWhom: 'Email or username',
  startChat: 'Start chat',
  groupName: 'Group name',
  groupMembers: 'Members (emails or usernames, comma-separated)',
  createGroup: 'Create group',
  cancel: 'Cancel',
  close: 'Close',
  back: 'Back to chats',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unreadCount: '{count} unread',
  mentionedCount: '{count} mentioning you',
  mentionList: 'Members to mention',
  mute: 'Mute notifications',
  muted: 'Muted',
  notifyOn: 'Turn on notifications',
  notifyIn: '{name} in {room}',
  noChats: 'No chats yet. Start one with “New chat”.',
  pickChat: 'Pick a chat, or start a new one.',
  noMessages: 'No messages yet. Say hello!',
  message: 'Message',
  messagePlaceholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach files',
  save: 'Save',
  editing: 'Editing message',
  edit: 'Edit',
  reply: 'Reply',
  react: 'React',
  delete: 'Delete',
  confirmDelete: 'Delete this message?',
  messageActions: 'Message actions',
  report: 'Report',
  chatOptions: 'Block or unblock',
  deleted: 'Message deleted',
  edited: 'edited',
  you: 'You',
  youPrefix: 'You: ',
  /** The list's preview of a message of files alone: one file by its name, several by their count. */
  fileOnePreview: '📎 {name}',
  fileManyPreview: '📎 {count} files',
  sending: 'Sending…',
  queued: 'Waiting for connection',
  sent: 'Sent',
  seen: 'Seen',
  seenBy: 'Seen by {count}',
  failed: 'Not sent',
  retry: 'Retry',
  messages: 'Messages in {name}',
  loadOlder: 'Load earlier messages',
  loadingOlder: 'Loading…',
  search: 'Search messages',
  searchClear: 'Clear search',
  searching: 'Searching…',
  searchFound: '{count} messages found',
  searchFoundOne: '1 message found',
  searchNone: 'No messages found.',
  searchMore: 'Load more results',
  beginning: 'This is the beginning of the conversation.',
  newMessages: 'New messages',
  unreadDivider: 'Unread messages',
  today: 'Today',
  yesterday: 'Yesterday',
  online: 'Online',
  offlineStatus: 'Offline',
  members: '{count} members',
  typingOne: '{name} is typing…',
  typingMany: '{names} are typing…',
  connecting: 'Connecting…',
  offline: 'You’re offline. Messages will be sent when the connection is back.',
  disconnected: 'Disconnected.',
  banned: 'This account has been banned from this chat.',
  reconnect: 'Reconnect',
  retryNow: 'Retry now',
  sessionEnded: 'Your session has ended. Please log in again.',
  errors: {
    email: 'Enter a valid email address.',
    username: 'Use 3–32 letters, digits, “_”, “.” or “-”.',
    password: 'Use at least 8 characters.',
    emailTaken: 'An account with this email already exists.',
    usernameTaken: 'This username is taken.',
    invalidCredentials: 'Wrong email or password.',
    rateLimited: 'Too many attempts. Try again in {seconds} s.',
    notFound: 'No one with that email or username.',
    self: 'That’s you. Pick someone else.',
    groupName: 'Give the group a name (up to 100 characters).',
    tooLong: 'That message is too long.',
    displayName: 'Use at most 64 characters.',
    avatarUrl: 'Enter an https:// address.',
    profileFromSite: 'Your profile comes from this site: change it there.',
    noEmail: 'This chat server can’t send email.',
    network: 'Can’t reach the chat server. Check your connection.',
    searchQuery: 'Search for 1 to 16 words, up to 200 characters.',
    partLoad: 'Couldn’t open that. Check your connection and try again.',
    messageRejected: 'This chat doesn’t allow some of these words.',
    blocked: 'You can’t send messages in this conversation.',
    uploading: 'Wait for the files to finish uploading.',
    generic: 'Something went wrong. Please try again.',
  },
} as const;

/** The catalog's shape, with any wording. */
export type WidgetStrings = Widen<typeof WIDGET_STRINGS>;

/**
 * Host overrides: any subset, nested `errors` included; `moderation` for the report and block dialogs and
 * `attachments` for uploads, previews and the image viewer, `reactions` for replies and reactions, whose strings live
 * in their lazy parts (see `MODERATION_STRINGS`, `ATTACHMENT_STRINGS`, `REACTION_STRINGS`).
 */
export type WidgetStringOverrides = Partial<Omit<WidgetStrings, 'errors'>> & {
  errors?: Partial<WidgetStrings['errors']>;
  moderation?: ModerationStringOverrides;
  attachments?: AttachmentStringOverrides;
  reactions?: ReactionStringOverrides;
};

/** The catalog with a host's overrides applied. */
export function mergeStrings(overrides: WidgetStringOverrides): WidgetStrings {
  return { ...WIDGET_STRINGS, ...overrides, errors: { ...WIDGET_STRINGS.errors, ...overrides.errors } };
}
