// The print button of the printed forms (A4 pages rendered by the server):
// a script file, not an inline handler, so that the Content Security Policy
// allows no inline script.
document.addEventListener('click', (ev) => {
  if (ev.target.closest('[data-print]')) window.print();
});
