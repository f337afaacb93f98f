// The soak's record: samples as a table while it runs, then a JSON file and a short markdown summary with the verdict.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencySummary } from '../accounting/latency.js';
import type { Machine } from '../report/results.js';
import type { SoakSettings } from './settings.js';
import type { SoakBooks } from './soak-client.js';
import type { SoakStoreCheck } from './soak-server.js';
import type { GrowthCheck } from './verdict.js';

/** One 10-second sample of the server and the traffic. */
export interface SoakSample {
  atSeconds: number;
  /** Clients connected and authenticated. */
  connections: number;
  /** Acked messages per second since the last sample, and deliveries (live and resumed) per second. */
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  /** p99 of live message latency (send to delivery at every member) since the last sample. */
  p99Ms: number;
  rssBytes: number;
  heapBytes: number;
  fds: number;
  /** The server's event-loop delay p99 since its last scrape (prom-client resets it on each). */
  loopP99Ms: number;
  /** Totals so far. */
  reconnects: number;
  errors: number;
}

/** First, last and highest value of one series. */
export interface Span {
  start: number;
  end: number;
  peak: number;
}

export interface SoakResults {
  date: string;
  minutes: number;
  settings: SoakSettings;
  machine: Machine;
  samples: SoakSample[];
  summary: {
    rssBytes: Span;
    heapBytes: Span;
    fds: Span;
    loopP99Ms: Span;
    p99Ms: Span;
    latency: LatencySummary;
  };
  traffic: {
    sent: number;
    acked: number;
    resentDuplicates: number;
    deliveries: number;
    typingSent: number;
    typingReceived: number;
    historyPages: number;
    reconnects: number;
    logins: number;
    serverCloses: number;
    errors: Record<string, number>;
  };
  correctness: {
    storedChecked: number;
    storeMissing: number;
    storeUnacked: number;
    storeDuplicated: number;
    storeMisordered: number;
    storeSeqGaps: number;
    clientGaps: number;
    clientDuplicates: number;
    historyGaps: number;
    /** Seqs members had not seen when the run ended, after the settle. */
    behind: number;
    /** Sends never acked. */
    unacked: number;
  };
  growth: GrowthCheck[];
  verdict: 'pass' | 'fail';
  /** Why the verdict is a fail. */
  failures: string[];
}

function span(values: readonly number[]): Span {
  return { start: values[0] ?? 0, end: values[values.length - 1] ?? 0, peak: values.length === 0 ? 0 : Math.max(...values) };
}

export interface SoakOutcome {
  minutes: number;
  settings: SoakSettings;
  machine: Machine;
  samples: SoakSample[];
  books: SoakBooks;
  store: SoakStoreCheck;
  behind: number;
  unacked: number;
  growth: GrowthCheck[];
}

/** The figures, the correctness counts and the verdict: a fail on any growth check or any correctness count. */
export function summarise(outcome: SoakOutcome): SoakResults {
  const { samples, books, store } = outcome;
  const correctness: SoakResults['correctness'] = {
    storedChecked: store.checked,
    storeMissing: store.missing,
    storeUnacked: store.unacked,
    storeDuplicated: store.duplicated,
    storeMisordered: store.misordered,
    storeSeqGaps: store.seqGaps,
    clientGaps: books.gaps,
    clientDuplicates: books.duplicates,
    historyGaps: books.historyGaps,
    behind: outcome.behind,
    unacked: outcome.unacked,
  };
  const failures = [
    ...outcome.growth
      .filter((check) => !check.pass)
      .map((check) => `${check.resource} grew: ${Math.round(check.lastThirdMedian)} > ${Math.round(check.limit)}`),
    ...Object.entries(correctness)
      .filter(([key, value]) => key !== 'storedChecked' && value > 0)
      .map(([key, value]) => `${key}: ${value}`),
  ];
  if (books.acked === 0) failures.push('no message was acked');
  return {
    date: new Date().toISOString(),
    minutes: outcome.minutes,
    settings: outcome.settings,
    machine: outcome.machine,
    samples,
    summary: {
      rssBytes: span(samples.map((sample) => sample.rssBytes)),
      heapBytes: span(samples.map((sample) => sample.heapBytes)),
      fds: span(samples.map((sample) => sample.fds)),
      loopP99Ms: span(samples.map((sample) => sample.loopP99Ms)),
      p99Ms: span(samples.map((sample) => sample.p99Ms)),
      latency: books.latency.summary(),
    },
    traffic: {
      sent: books.sent,
      acked: books.acked,
      resentDuplicates: books.resentDuplicates,
      deliveries: books.deliveries,
      typingSent: books.typingSent,
      typingReceived: books.typingReceived,
      historyPages: books.historyPages,
      reconnects: books.reconnects,
      logins: books.logins,
      serverCloses: books.serverCloses,
      errors: Object.fromEntries(books.errors),
    },
    correctness,
    growth: outcome.growth,
    verdict: failures.length === 0 ? 'pass' : 'fail',
    failures,
  };
}

const MIB = 2 ** 20;
const COLUMNS = ['time', 'conns', 'msg/s', 'deliv/s', 'p99 ms', 'RSS MiB', 'heap MiB', 'fds', 'loop p99 ms', 'reconnects', 'errors'];
const WIDTHS = [7, 6, 6, 8, 7, 8, 9, 5, 12, 11, 7];

function cells(values: readonly string[]): string {
  return values.map((value, i) => value.padStart(WIDTHS[i] ?? 8)).join(' ');
}

export function tableHeader(): string {
  return cells(COLUMNS);
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function tableRow(sample: SoakSample): string {
  return cells([
    clock(sample.atSeconds),
    String(sample.connections),
    String(sample.messagesPerSecond),
    String(sample.deliveriesPerSecond),
    sample.p99Ms.toFixed(1),
    (sample.rssBytes / MIB).toFixed(1),
    (sample.heapBytes / MIB).toFixed(1),
    String(sample.fds),
    sample.loopP99Ms.toFixed(1),
    String(sample.reconnects),
    String(sample.errors),
  ]);
}

function spanRow(label: string, value: Span, format: (n: number) => string): string {
  return `| ${label} | ${format(value.start)} | ${format(value.end)} | ${format(value.peak)} |`;
}

/** The markdown summary, as docs/performance.md quotes it. */
export function soakMarkdown(results: SoakResults): string {
  const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  const { summary, traffic, correctness, machine } = results;
  const { latency } = summary;
  const lines = [
    `# Soak ${results.date}: ${results.verdict.toUpperCase()}`,
    '',
    `${results.minutes} min, ${results.settings.users} users, ${results.settings.messagesPerSecond} msg/s scheduled; ` +
      `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${machine.note === '' ? '' : `; ${machine.note}`}`,
    '',
    '| | start | end | peak |',
    '|---|---:|---:|---:|',
    spanRow('RSS', summary.rssBytes, mib),
    spanRow('heap used', summary.heapBytes, mib),
    spanRow('open fds', summary.fds, String),
    spanRow('event-loop delay p99', summary.loopP99Ms, ms),
    spanRow('message latency p99 (10 s windows)', summary.p99Ms, ms),
    '',
    `Latency over the whole run: p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, p99.9 ${ms(latency.p999)}, max ${ms(latency.max)}.`,
    '',
    `Traffic: ${traffic.acked} messages acked (${traffic.sent} sent; ` +
      `${traffic.resentDuplicates} resent after a reconnect and answered as duplicates), ` +
      `${traffic.deliveries} deliveries, ${traffic.typingSent} typing notices, ${traffic.historyPages} history pages, ` +
      `${traffic.reconnects} reconnects (${traffic.logins} with a fresh login), ${traffic.serverCloses} closed by the server; ` +
      `errors: ${JSON.stringify(traffic.errors)}.`,
    '',
    `Correctness: ${correctness.storedChecked} stored messages read back; ` +
      `${JSON.stringify({ ...correctness, storedChecked: undefined })}.`,
    '',
    '| growth (second third → last third median) | limit | |',
    '|---|---:|---|',
    ...results.growth.map((check) => {
      const change = `${Math.round(check.secondThirdMedian)} → ${Math.round(check.lastThirdMedian)}`;
      return `| ${check.resource}: ${change} | ${Math.round(check.limit)} | ${check.pass ? 'pass' : 'FAIL'} |`;
    }),
    '',
    results.failures.length === 0 ? 'Verdict: pass.' : `Verdict: fail (${results.failures.join('; ')}).`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes soak-<date>.json and soak-<date>.md into the results folder. */
export function writeSoakResults(results: SoakResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `soak-${results.date.replace(/[:.]/g, '-')}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${stem}.md`, soakMarkdown(results));
  return [`${stem}.json`, `${stem}.md`];
}
