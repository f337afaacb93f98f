import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from '../../src/accounting/delivery-ledger.js';

/** A ledger with one room of the given members and `sent` messages sent to it. */
function roomLedger(members: number[], sent: number): DeliveryLedger {
  const ledger = new DeliveryLedger();
  for (const member of members) ledger.expect(0, member);
  for (let seq = 1; seq <= sent; seq++) ledger.sent(0, seq);
  return ledger;
}

describe('DeliveryLedger', () => {
  it('finds no anomaly when every member gets every message in order', () => {
    const ledger = roomLedger([1, 2], 3);
    for (const member of [1, 2]) for (const seq of [1, 2, 3]) ledger.delivery(member, 0, seq);
    expect(ledger.anomalies()).toEqual({ lost: 0, duplicated: 0, reordered: 0 });
    expect(ledger.delivered).toBe(6);
    expect(ledger.expectedDeliveries).toBe(6);
  });

  it('counts what a member never received as lost', () => {
    const ledger = roomLedger([1, 2], 3);
    for (const seq of [1, 2, 3]) ledger.delivery(1, 0, seq);
    ledger.delivery(2, 0, 1);
    expect(ledger.anomalies().lost).toBe(2);
  });

  it('counts a second copy as duplicated, not as a delivery that fills a gap', () => {
    const ledger = roomLedger([1], 2);
    ledger.delivery(1, 0, 1);
    ledger.delivery(1, 0, 1);
    expect(ledger.anomalies()).toEqual({ lost: 1, duplicated: 1, reordered: 0 });
  });

  it('counts a message arriving after a later one as reordered', () => {
    const ledger = roomLedger([1], 3);
    for (const seq of [1, 3, 2]) ledger.delivery(1, 0, seq);
    expect(ledger.anomalies()).toEqual({ lost: 0, duplicated: 0, reordered: 1 });
  });

  it('keeps rooms apart for the same member', () => {
    const ledger = new DeliveryLedger();
    ledger.expect(0, 1);
    ledger.expect(1, 1);
    ledger.sent(0, 1);
    ledger.sent(1, 1);
    ledger.delivery(1, 0, 1);
    ledger.delivery(1, 1, 1);
    expect(ledger.anomalies()).toEqual({ lost: 0, duplicated: 0, reordered: 0 });
  });

  it('leaves excluded members out of losses and expected deliveries', () => {
    const ledger = roomLedger([1, 2], 2);
    ledger.exclude(2);
    ledger.delivery(1, 0, 1);
    ledger.delivery(1, 0, 2);
    expect(ledger.anomalies().lost).toBe(0);
    expect(ledger.expectedDeliveries).toBe(2);
  });

  it('tracks sequences past its first bitmap', () => {
    const ledger = roomLedger([1], 5000);
    for (let seq = 1; seq <= 5000; seq++) ledger.delivery(1, 0, seq);
    ledger.delivery(1, 0, 4999);
    expect(ledger.anomalies()).toEqual({ lost: 0, duplicated: 1, reordered: 0 });
    expect(ledger.sentTotal).toBe(5000);
  });
});
