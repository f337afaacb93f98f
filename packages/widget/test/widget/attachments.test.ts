import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { IChatWidget } from '../../src/ichat-widget.js';
import { fileSize } from '../../src/widget/attachments/attachments-view.js';
import { $, $$, account, bubbleTexts, cleanUp, mountWidget, openChat, sendFromComposer, shadow, startChat, until, waitFor } from './widget-fixtures.js';

afterEach(cleanUp);

/** A real PNG of the given size, drawn on a canvas. */
async function png(name: string, width = 40, height = 30): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2d context');
  context.fillStyle = '#2563eb';
  context.fillRect(0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob === null) throw new Error('no PNG');
  return new File([blob], name, { type: 'image/png' });
}

function filesOf(...files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

/** Picks files in the composer's file input, as the browser's picker does. */
function pick(element: IChatWidget, ...files: File[]): void {
  const input = $(element, '.composer input[type="file"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
  input.files = filesOf(...files).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Two people in a direct chat, both widgets open on it. */
async function chatPair(): Promise<{ a: IChatWidget; g: IChatWidget; adaName: string }> {
  const [ada, grace] = await Promise.all([account('ada'), account('grace')]);
  const a = await mountWidget({ token: ada.token, width: '700px', height: '290px' });
  const g = await mountWidget({ token: grace.token, width: '700px', height: '290px' });
  await startChat(a, grace.user.username);
  await sendFromComposer(a, 'hello');
  await openChat(g, ada.user.username);
  await until(() => bubbleTexts(g).includes('hello'), 'grace sees the chat');
  return { a, g, adaName: ada.user.username };
}

/** Waits until every upload in the composer is ready to send. */
function uploadsReady(element: IChatWidget, count: number): Promise<unknown> {
  return until(() => $$(element, '.upload.ready').length === count && $$(element, '.upload').length === count, `${count} uploads ready`, 15_000);
}

describe('<ichat-widget> attachments', () => {
  it('attaches an image with the labelled button, sends it without text, and the other side sees its preview', async () => {
    const { a, g } = await chatPair();
    const button = $(a, 'button.attach');
    expect(button.getAttribute('aria-label')).to.equal('Attach files');
    // Reached with Tab from the text area, before the send button.
    $(a, 'textarea').focus();
    await sendKeys({ press: 'Tab' });
    expect(shadow(a).activeElement).to.equal(button);
    pick(a, await png('harbour.png', 64, 48));
    await uploadsReady(a, 1);
    expect($(a, '.upload .file-name').textContent).to.equal('harbour.png');
    $(a, 'button.send').click();
    await until(() => shadow(a).querySelector('.uploads') === null, 'composer emptied');

    const preview = await waitFor(g, '.msg.message .attachment-image img', 15_000);
    if (!(preview instanceof HTMLImageElement)) throw new Error('no img');
    expect(preview.alt).to.equal('harbour.png');
    expect(preview.src).to.match(/^http.*\/attachments\/.+/);
    await until(() => preview.complete && preview.naturalWidth > 0, 'thumbnail loaded');
    // A message of files alone shows no empty bubble.
    expect(bubbleTexts(g)).to.deep.equal(['hello']);
    await waitFor(a, '.msg.message .attachment-image img');
    // The chat list says what it holds instead of an empty preview.
    await until(() => $(g, '.chat-item .chat-preview').textContent === '📎 harbour.png', "grace's preview");
    await until(() => $(a, '.chat-item .chat-preview').textContent === 'You: 📎 harbour.png', "ada's preview");
  });

  it('attaches a pasted image and sends it with the text', async () => {
    const { a, g } = await chatPair();
    const textarea = $(a, 'textarea');
    const paste = new ClipboardEvent('paste', { clipboardData: filesOf(await png('screenshot.png')), bubbles: true, cancelable: true, composed: true });
    textarea.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await uploadsReady(a, 1);
    await sendFromComposer(a, 'look at this');
    await until(() => bubbleTexts(g).includes('look at this'), 'text arrives');
    const images = await until(() => $$(g, '.msg.message .attachment-image img').length === 1 && $$(g, '.msg.message .attachment-image img'), 'preview');
    expect(images[0]?.getAttribute('alt')).to.equal('screenshot.png');
  });

  it('takes files dropped on the conversation', async () => {
    const { a } = await chatPair();
    const drop = new DragEvent('drop', { dataTransfer: filesOf(new File(['notes'], 'notes.txt', { type: 'text/plain' })), bubbles: true, cancelable: true, composed: true });
    $(a, '.log').dispatchEvent(drop);
    expect(drop.defaultPrevented).to.equal(true);
    await uploadsReady(a, 1);
    expect($(a, '.upload .file-name').textContent).to.equal('notes.txt');
  });

  it('cancels an upload in progress: nothing is sent, and the composer sends text alone again', async () => {
    const { a, g } = await chatPair();
    // Hold the request before it goes out, so the test sees the upload in progress however fast the server is.
    const Real = globalThis.XMLHttpRequest;
    const held: XMLHttpRequest[] = [];
    let aborted = 0;
    class HeldRequest extends Real {
      override send(): void {
        held.push(this);
      }
      override abort(): void {
        aborted += 1;
        super.abort();
      }
    }
    globalThis.XMLHttpRequest = HeldRequest;
    try {
      pick(a, await png('big.png', 400, 300));
      const progress = await waitFor(a, '.upload.uploading progress');
      expect(progress.getAttribute('aria-label')).to.equal('Uploading big.png, 0%');
      await until(() => held.length === 1, 'upload started');
      // Sending now would leave the file out: the composer says to wait.
      await sendFromComposer(a, 'too soon');
      expect($(a, '.composer-error').textContent).to.equal('Wait for the files to finish uploading.');
      const cancel = $(a, '.upload.uploading button.remove-upload');
      expect(cancel.getAttribute('aria-label')).to.equal('Cancel upload of big.png');
      cancel.click();
      await until(() => shadow(a).querySelector('.uploads') === null, 'upload gone');
      // The request itself was aborted, so no byte goes out after all.
      expect(aborted).to.equal(1);
    } finally {
      globalThis.XMLHttpRequest = Real;
    }
    await sendFromComposer(a, 'text only');
    await until(() => bubbleTexts(g).includes('text only'), 'text arrives');
    expect($$(g, '.attachments')).to.have.length(0);
    expect($$(a, '.attachments')).to.have.length(0);
  });

  it('renews an image link before it expires, so the preview keeps loading', async function () {
    this.timeout(45_000);
    const { a, g } = await chatPair();
    pick(a, await png('renewed.png'));
    await uploadsReady(a, 1);
    $(a, 'button.send').click();
    const src = (): string | null | undefined => shadow(g).querySelector('.attachment-image img')?.getAttribute('src');
    const first = await until(src, 'preview', 15_000);
    // The test server signs links for 40 s: renewed 30 s before that, so about 10 s after the first.
    const renewed = await until(() => src() !== first && src(), 'renewed link', 25_000);
    const expiry = (url: string): number => Number(new URL(url).searchParams.get('exp'));
    expect(expiry(renewed)).to.be.greaterThan(expiry(first));
    const image = $(g, '.attachment-image img');
    if (!(image instanceof HTMLImageElement)) throw new Error('no img');
    await until(() => image.complete && image.naturalWidth > 0, 'renewed thumbnail loaded');
  });

  it('backs off while the server refuses to link attachments, then links them once it answers again', async () => {
    const { a, g } = await chatPair();
    // Every `attachment.links` request is counted; while refusing, its ids are made invalid so the server answers with
    // an error, as it would on a failing store.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with each socket as `this`, restored below
    const real = WebSocket.prototype.send;
    let asked = 0;
    let refusing = true;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === 'string' && data.includes('"type":"attachment.links"')) {
        asked += 1;
        if (refusing) data = JSON.stringify({ ...(JSON.parse(data) as object), ids: [0] });
      }
      real.call(this, data);
    };
    try {
      pick(a, await png('refused.png'));
      await uploadsReady(a, 1);
      $(a, 'button.send').click();
      await until(() => $$(g, '.attachments').length === 1 && asked >= 2, 'both sides ask for links');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      // Both sides asked at once and then after 1 s, 2 s…: a handful of requests, not one per render.
      expect(asked).to.be.within(2, 6);
      refusing = false;
      const image = await waitFor(g, '.attachment-image img', 10_000);
      if (!(image instanceof HTMLImageElement)) throw new Error('no img');
      await until(() => image.complete && image.naturalWidth > 0, 'thumbnail loaded once the server answers');
    } finally {
      WebSocket.prototype.send = real;
    }
  });

  it('opens an image in the viewer from the keyboard; Escape closes it and focus returns to the preview', async () => {
    const { a, g } = await chatPair();
    pick(a, await png('wide.png', 120, 60));
    await uploadsReady(a, 1);
    $(a, 'button.send').click();
    const preview = await until(() => shadow(g).querySelector<HTMLButtonElement>('.attachment-image:not([disabled])'), 'preview ready', 15_000);
    expect(preview.getAttribute('aria-label')).to.equal('Open image wide.png');
    preview.focus();
    await sendKeys({ press: 'Enter' });
    const viewer = await waitFor(g, 'dialog.attachment-viewer');
    if (!(viewer instanceof HTMLDialogElement)) throw new Error('no dialog');
    await until(() => viewer.open, 'viewer open');
    const full = await waitFor(g, 'dialog.attachment-viewer img');
    expect(full.getAttribute('alt')).to.equal('wide.png');
    await until(() => shadow(g).activeElement?.matches('dialog.attachment-viewer button.close') === true, 'focus in the viewer');
    await sendKeys({ press: 'Escape' });
    await until(() => shadow(g).querySelector('dialog.attachment-viewer') === null, 'viewer closed');
    await until(() => shadow(g).activeElement === shadow(g).querySelector('.attachment-image'), 'focus back on the preview');
    // Escape in the viewer closed the viewer only.
    expect(shadow(g).querySelector('.conversation')).to.not.equal(null);
  });

  it('shows a non-image file as a card with its name, size and download link', async () => {
    const { a, g } = await chatPair();
    pick(a, new File(['%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'], 'report.pdf', { type: 'application/pdf' }));
    await uploadsReady(a, 1);
    await sendFromComposer(a, 'the report');
    const card = await until(() => shadow(g).querySelector<HTMLAnchorElement>('a.file-card'), 'file card', 15_000);
    expect(card.querySelector('.file-name')?.textContent).to.equal('report.pdf');
    expect(card.querySelector('.file-size')?.textContent).to.match(/\d+\s*(byte|B)/);
    expect(card.getAttribute('download')).to.equal('report.pdf');
    const response = await fetch(card.href);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/pdf/);
    expect($$(g, '.attachment-image')).to.have.length(0);
  });

  it('never shows an SVG inline: it is a download card, and its markup stays text', async () => {
    const { a, g } = await chatPair();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="window.svgRan=1" width="10" height="10"><script>window.svgRan=1</script></svg>';
    pick(a, new File([svg], '<img src=x onerror=window.svgRan=1>.svg', { type: 'image/svg+xml' }));
    await uploadsReady(a, 1);
    $(a, 'button.send').click();
    const card = await until(() => shadow(g).querySelector<HTMLAnchorElement>('a.file-card'), 'file card', 15_000);
    expect(card.querySelector('.file-name')?.textContent).to.equal('<img src=x onerror=window.svgRan=1>.svg');
    expect(card.querySelector('img')).to.equal(null);
    expect($$(g, '.attachments img, .attachments svg, .attachments object, .attachments iframe')).to.have.length(0);
    expect(Reflect.get(window, 'svgRan')).to.equal(undefined);
  });
});

describe('fileSize', () => {
  it('reads as people write sizes: bytes in full, larger units short', () => {
    expect(fileSize(1)).to.equal('1 byte');
    expect(fileSize(13)).to.equal('13 bytes');
    expect(fileSize(48_333)).to.equal('47.2 kB');
    expect(fileSize(3_250_000)).to.equal('3.1 MB');
  });
});
