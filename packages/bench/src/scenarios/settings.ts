// The size of every scenario in the quick (CI) and full modes.

import { oneOf, type Infer } from '@ichat/protocol';
import type { Shape } from '../load/fleet.js';

export const ModeSchema = oneOf(['quick', 'full']);
export type Mode = Infer<typeof ModeSchema>;

export interface Ramp {
  /** Deliveries per second of the first step (the message rate is this over the room size). */
  startDeliveries: number;
  factor: number;
  maxSteps: number;
  stepSeconds: number;
}

export interface Settings {
  s1: { main: Shape; sweep: Shape[]; ramp: Ramp };
  s2: { percents: number[]; seconds: number };
  s3: { pairs: number; ramp: Ramp };
  s4: { counts: number[] };
  s5: { inserts: number; batches: number[] };
  s6: { shape: Shape; slowShare: number; baselineSeconds: number; slowSeconds: number; defaultDeliveries: number };
  /** Fixed rates, well under one node's capacity on PostgreSQL, so the setups do the same work and CPU compares. */
  s7: { pairs: number; directRate: number; group: Shape; groupRate: number; seconds: number };
}

export const SETTINGS: Readonly<Record<Mode, Settings>> = {
  quick: {
    s1: {
      main: { rooms: 10, members: 5 },
      sweep: [{ rooms: 2, members: 20 }],
      ramp: { startDeliveries: 1000, factor: 2, maxSteps: 2, stepSeconds: 0.3 },
    },
    s2: { percents: [25, 50, 75], seconds: 0.3 },
    s3: { pairs: 10, ramp: { startDeliveries: 400, factor: 2, maxSteps: 2, stepSeconds: 0.3 } },
    s4: { counts: [100] },
    s5: { inserts: 1000, batches: [1, 2, 10, 100] },
    s6: { shape: { rooms: 5, members: 20 }, slowShare: 0.01, baselineSeconds: 0.3, slowSeconds: 0.6, defaultDeliveries: 2000 },
    // Not in a quick run by default (six cluster starts take longer than the rest of it); `--scenarios s7` runs this.
    s7: { pairs: 6, directRate: 200, group: { rooms: 2, members: 6 }, groupRate: 50, seconds: 1 },
  },
  full: {
    s1: {
      main: { rooms: 200, members: 50 },
      sweep: [
        { rooms: 1000, members: 10 },
        { rooms: 50, members: 200 },
        { rooms: 10, members: 1000 },
      ],
      ramp: { startDeliveries: 50_000, factor: 1.4, maxSteps: 10, stepSeconds: 2 },
    },
    s2: { percents: [25, 50, 75], seconds: 4 },
    s3: { pairs: 1000, ramp: { startDeliveries: 4000, factor: 1.4, maxSteps: 10, stepSeconds: 2 } },
    s4: { counts: [1000, 5000, 10_000] },
    s5: { inserts: 20_000, batches: [1, 2, 5, 10, 100, 1000] },
    s6: { shape: { rooms: 200, members: 50 }, slowShare: 0.01, baselineSeconds: 3, slowSeconds: 8, defaultDeliveries: 50_000 },
    s7: { pairs: 100, directRate: 1000, group: { rooms: 20, members: 10 }, groupRate: 200, seconds: 5 },
  },
};

/** A shape as the report writes it: `200×50`. */
export function shapeLabel(shape: Shape): string {
  return `${shape.rooms}×${shape.members}`;
}
