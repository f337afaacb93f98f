import { expect } from '@esm-bundle/chai';
import { groupMessages } from '../../src/widget/conversation/message-groups.js';
import { dayLabel, listTimeLabel, timeLabel } from '../../src/widget/shared/time-format.js';
import { WIDGET_STRINGS } from '../../src/widget/shared/widget-strings.js';

function at(day: number, hour: number, minute = 0): number {
  return new Date(2026, 2, day, hour, minute).getTime();
}

describe('groupMessages', () => {
  it('groups by local day, then by runs of one sender', () => {
    const items = [
      { senderId: 1, createdAt: at(2, 9) },
      { senderId: 1, createdAt: at(2, 9, 1) },
      { senderId: 2, createdAt: at(2, 9, 2) },
      { senderId: 2, createdAt: at(3, 8) },
    ];
    const days = groupMessages(items);
    expect(days.map((day) => day.runs.map((run) => [run.senderId, run.items.length]))).to.deep.equal([
      [
        [1, 2],
        [2, 1],
      ],
      [[2, 1]],
    ]);
    expect(new Date(days[1]!.day).getDate()).to.equal(3);
  });

  it('starts a new run when one sender pauses for more than five minutes', () => {
    const days = groupMessages([
      { senderId: 1, createdAt: at(2, 9) },
      { senderId: 1, createdAt: at(2, 9, 5) },
      { senderId: 1, createdAt: at(2, 9, 11) },
    ]);
    expect(days[0]!.runs.map((run) => run.items.length)).to.deep.equal([2, 1]);
  });
});

describe('day and time labels', () => {
  const now = at(10, 15);

  it('names today and yesterday, and dates otherwise', () => {
    expect(dayLabel(at(10, 1), now, WIDGET_STRINGS)).to.equal('Today');
    expect(dayLabel(at(9, 23, 59), now, WIDGET_STRINGS)).to.equal('Yesterday');
    expect(dayLabel(at(2, 12), now, WIDGET_STRINGS)).to.contain('2');
    expect(dayLabel(new Date(2024, 5, 1).getTime(), now, WIDGET_STRINGS)).to.contain('2024');
  });

  it('stamps the chat list with a time today and a weekday within the week', () => {
    expect(listTimeLabel(at(10, 9, 5), now, WIDGET_STRINGS)).to.equal(timeLabel(at(10, 9, 5)));
    expect(listTimeLabel(at(9, 9), now, WIDGET_STRINGS)).to.equal('Yesterday');
    expect(listTimeLabel(at(6, 9), now, WIDGET_STRINGS)).to.equal(new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(at(6, 9)));
  });
});
