// The soak's mix: how many users, how they are grouped, and how often each kind of traffic happens.

/** One soak's load; the defaults are modest on purpose, for a 2-core machine that also runs the load generator. */
export interface SoakSettings {
  /** Users, one connection each. */
  users: number;
  /** Of those, registered over HTTP at the start (the rest are seeded in bulk, as the bench does). */
  registeredUsers: number;
  /** Members of each small group (every user is in one) and of each large group (every user is in one). */
  smallGroup: number;
  largeGroup: number;
  /** Messages per second over all users; each goes to the sender's small group, direct chat or large group. */
  messagesPerSecond: number;
  /** Share of messages per kind of room: small group, direct chat, large group (the rest). */
  smallShare: number;
  directShare: number;
  typingPerSecond: number;
  /** Reconnects per second; every other one logs out and logs in again over HTTP, the others reuse the token. */
  reconnectsPerSecond: number;
  /** History reads per second, each paging back `historyPages` pages of `historyPageSize`. */
  historyPerSecond: number;
  historyPages: number;
  historyPageSize: number;
  /** Every `slowEverySeconds`, `slowUsers` users stop reading for `slowSeconds`. */
  slowEverySeconds: number;
  slowUsers: number;
  slowSeconds: number;
  /** Seconds between samples. */
  sampleSeconds: number;
}

export const SOAK_SETTINGS: Readonly<SoakSettings> = {
  users: 300,
  registeredUsers: 10,
  smallGroup: 10,
  largeGroup: 100,
  messagesPerSecond: 250,
  smallShare: 0.6,
  directShare: 0.3,
  typingPerSecond: 20,
  reconnectsPerSecond: 1,
  historyPerSecond: 2,
  historyPages: 3,
  historyPageSize: 50,
  slowEverySeconds: 60,
  slowUsers: 3,
  slowSeconds: 20,
  sampleSeconds: 10,
};
