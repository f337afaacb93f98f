// The probe every benchmark message carries: room, per-room sequence and scheduled send time, at fixed width.

/**
 * `#P` + room (7 digits) + sequence (9 digits) + scheduled send time in µs since the run's epoch (12 digits).
 * Only ASCII digits, so it survives JSON escaping unchanged and is found with one `indexOf`.
 */
export const PROBE_PREFIX = '#P';
export const PROBE_WIDTHS = { room: 7, seq: 9, sentUs: 12 } as const;
export const PROBE_LENGTH = PROBE_PREFIX.length + PROBE_WIDTHS.room + PROBE_WIDTHS.seq + PROBE_WIDTHS.sentUs;

/** `{name___}`: a slot placeholder exactly `width` characters wide, for `slotsOf`. */
export function placeholder(name: string, width: number): string {
  return `{${name}${'_'.repeat(width - name.length - 2)}}`;
}

/** The placeholder text of a probe in a frame template; its slots are named room, seq and sentUs. */
export const PROBE_PLACEHOLDER =
  PROBE_PREFIX +
  placeholder('room', PROBE_WIDTHS.room) +
  placeholder('seq', PROBE_WIDTHS.seq) +
  placeholder('sentUs', PROBE_WIDTHS.sentUs);

export interface Probe {
  room: number;
  seq: number;
  sentUs: number;
}

const PREFIX_BYTES = Buffer.from(PROBE_PREFIX);

function digits(buffer: Buffer, from: number, width: number): number {
  let value = 0;
  for (let i = from; i < from + width; i++) {
    const digit = (buffer[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Reads the probe in a payload, or undefined when there is none (or it is malformed). */
export function readProbe(payload: Buffer): Probe | undefined {
  const at = payload.indexOf(PREFIX_BYTES);
  if (at < 0 || payload.length < at + PROBE_LENGTH) return undefined;
  let from = at + PREFIX_BYTES.length;
  const room = digits(payload, from, PROBE_WIDTHS.room);
  from += PROBE_WIDTHS.room;
  const seq = digits(payload, from, PROBE_WIDTHS.seq);
  from += PROBE_WIDTHS.seq;
  const sentUs = digits(payload, from, PROBE_WIDTHS.sentUs);
  if (Number.isNaN(room) || Number.isNaN(seq) || Number.isNaN(sentUs)) return undefined;
  return { room, seq, sentUs };
}

/** Writes a probe as text (for tests and for servers' fixtures; the load generator patches templates instead). */
export function formatProbe(probe: Probe): string {
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${PROBE_PREFIX}${pad(probe.room, PROBE_WIDTHS.room)}${pad(probe.seq, PROBE_WIDTHS.seq)}${pad(probe.sentUs, PROBE_WIDTHS.sentUs)}`;
}
