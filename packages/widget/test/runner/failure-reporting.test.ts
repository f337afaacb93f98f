// The page the runner gives each test file (test/support/test-page.mjs) must let a failure about a DOM node or a
// function reach the runner: its results are copied with structuredClone, which refuses both, and the file would then
// read as "did not finish" with its failure unreported.

import { AssertionError, expect } from '@esm-bundle/chai';

/** What chai's AssertionError carries beside its message (its typings name neither). */
interface Failure {
  message: string;
  actual: unknown;
  expected: unknown;
}

function failure(assertion: () => void): Failure {
  try {
    assertion();
  } catch (error) {
    if (error instanceof AssertionError) return error as unknown as Failure;
    throw error;
  }
  throw new Error('the assertion passed');
}

describe('the test page', () => {
  it('lets a failed assertion about a DOM node be copied for the runner, the node described by its start tag', () => {
    const element = document.createElement('div');
    element.className = 'editing-bar';
    element.append(document.createElement('span'));
    const error = failure(() => expect(element).to.equal(null));
    const copy = structuredClone({ errors: [{ message: error.message, actual: error.actual, expected: error.expected }] });
    expect(copy.errors[0]?.message).to.contain('to equal null');
    expect(copy.errors[0]?.actual).to.equal('<div class="editing-bar">');
    expect(copy.errors[0]?.expected).to.equal(null);
  });

  it('describes functions by name and cycles as such, and still refuses a bad transfer list', () => {
    const looped: Record<string, unknown> = { named: function markRead() {} };
    looped['self'] = looped;
    looped['text'] = document.createTextNode('hi');
    const copy: { value: unknown } = structuredClone({ value: looped });
    expect(copy.value).to.deep.equal({ named: '[function markRead]', self: '[circular]', text: '#text' });
    // A refusal that is not about the value (a bad transfer list) still throws.
    expect(() => structuredClone({}, { transfer: [{} as Transferable] })).to.throw(DOMException, /transferable/);
  });
});
