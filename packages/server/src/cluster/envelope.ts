// The payloads nodes exchange through the broker: a one-line header (kind, sending node, seq) and the frame as is.

import { parseControlEvent, type ControlEvent } from './control-events.js';

/**
 * A payload as it arrived. The frame inside a `message` or `frame` envelope was encoded by a node of this cluster and
 * goes to sockets unchanged; only the header is read here, so a broadcast is never parsed again on the way.
 */
export type Envelope =
  | { kind: 'message'; origin: string; roomId: number; seq: number; frame: string }
  | { kind: 'frame'; origin: string; frame: string }
  | { kind: 'control'; origin: string; event: ControlEvent };

export function messageEnvelope(origin: string, roomId: number, seq: number, frame: string): string {
  return `M ${origin} ${roomId} ${seq}\n${frame}`;
}

export function frameEnvelope(origin: string, frame: string): string {
  return `F ${origin}\n${frame}`;
}

export function controlEnvelope(origin: string, event: ControlEvent): string {
  return `C ${origin}\n${JSON.stringify(event)}`;
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,15}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The envelope in a payload, or undefined when it is not one (another program on the same broker, another version). */
export function parseEnvelope(payload: string): Envelope | undefined {
  const newline = payload.indexOf('\n');
  if (newline < 0) return undefined;
  const header = payload.slice(0, newline).split(' ');
  const body = payload.slice(newline + 1);
  const origin = header[1];
  if (origin === undefined || origin === '') return undefined;
  switch (header[0] ?? '') {
    case 'M': {
      const roomId = positiveInt(header[2]);
      const seq = positiveInt(header[3]);
      return roomId === undefined || seq === undefined ? undefined : { kind: 'message', origin, roomId, seq, frame: body };
    }
    case 'F':
      return { kind: 'frame', origin, frame: body };
    case 'C': {
      const event = parseControlEvent(body);
      return event === undefined ? undefined : { kind: 'control', origin, event };
    }
    default:
      return undefined;
  }
}
