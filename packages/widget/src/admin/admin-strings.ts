// Every string <ichat-admin> shows, in one catalog a host can override (`element.strings = { … }`).

import type { Widen } from '../strings.js';

export { fill } from '../strings.js';

export const ADMIN_STRINGS = {
  title: 'Registrations',
  seriesLabel: 'Show',
  series: { registrations: 'Registrations', messages: 'Messages sent', 'active-users': 'Active users' },
  bucketLabel: 'Group by',
  buckets: { day: 'Day', week: 'Week', month: 'Month' },
  rangeLabel: 'Range',
  ranges: { '30d': '30 days', '90d': '90 days', '1y': '1 year', all: 'All time' },
  countAxis: { registrations: 'New accounts', messages: 'Messages', 'active-users': 'Active users' },
  cumulativeAxis: { registrations: 'Total accounts', messages: 'Total messages', 'active-users': 'Distinct so far' },
  chartDescription: 'Bars show {count} per {bucket}; the line shows {cumulative} on the right-hand axis. Use the arrow keys for exact figures.',
  showTable: 'Show as table',
  showChart: 'Show as chart',
  period: 'Period',
  loading: 'Loading…',
  empty: 'Nothing in this range yet.',
  retry: 'Try again',
  logIn: 'Log in',
  logOut: 'Log out',
  email: 'Email',
  password: 'Password',
  loginTitle: 'Administrator login',
  live: 'Live',
  signedInAs: 'Signed in as {name}',
  viewLabel: 'View',
  views: { stats: 'Statistics', webhooks: 'Webhooks' },
  webhooks: {
    endpoints: 'Endpoints',
    noEndpoints: 'No webhook endpoints yet. Add one on the server with: ichat-server webhook add <url>',
    url: 'URL',
    events: 'Events',
    added: 'Added',
    pending: 'Pending',
    delivered: 'Delivered',
    failed: 'Failed',
    deliveries: 'Recent deliveries',
    noDeliveries: 'No deliveries yet.',
    event: 'Event',
    status: 'Status',
    attempts: 'Attempts',
    httpStatus: 'HTTP status',
    latency: 'Time',
    error: 'Error',
    nextAttempt: 'Next attempt',
    latencyMs: '{ms} ms',
    none: '–',
    statuses: { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' },
    refresh: 'Refresh',
  },
} as const;

/** The catalog's shape, with any wording. */
export type AdminStrings = Widen<typeof ADMIN_STRINGS>;
