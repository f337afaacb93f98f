import { expect } from '@esm-bundle/chai';
import { splitLinks } from '../../src/widget/conversation/message-text.js';

describe('splitLinks', () => {
  it('leaves text without URLs as one plain run', () => {
    expect(splitLinks('just <b>text</b>')).to.deep.equal([{ text: 'just <b>text</b>' }]);
  });

  it('links http and https URLs and keeps sentence punctuation outside', () => {
    expect(splitLinks('see https://example.com/a?b=1, then http://example.org.')).to.deep.equal([
      { text: 'see ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', then ' },
      { text: 'http://example.org', href: 'http://example.org/' },
      { text: '.' },
    ]);
  });

  it('keeps a closing bracket the URL opened, drops one that wraps it', () => {
    expect(splitLinks('(https://en.example/wiki/A_(b))').map((piece) => piece.text)).to.deep.equal([
      '(',
      'https://en.example/wiki/A_(b)',
      ')',
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.com', 'JAVASCRIPT://%0aalert(1)']) {
      expect(splitLinks(text).every((piece) => !('href' in piece)), text).to.equal(true);
    }
  });

  it('stops a URL at quotes and angle brackets', () => {
    const pieces = splitLinks('https://example.com/"><img src=x>');
    expect(pieces[0]).to.deep.equal({ text: 'https://example.com/', href: 'https://example.com/' });
    expect(pieces.slice(1).map((piece) => piece.text).join('')).to.equal('"><img src=x>');
  });
});
