// The demo page's embed snippet, shown with this server's own address: the lines a visitor copies then work as they
// are. A page script of its own because the page's Content-Security-Policy allows no inline script.
/* global document, location */

for (const slot of document.querySelectorAll('[data-server-origin]')) slot.textContent = location.origin;
