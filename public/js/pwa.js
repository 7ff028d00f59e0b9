// Installable app: registers the service worker (public/sw.js) and, on sign-out, tells it to
// forget the saved pages before the form goes (the server also answers with Clear-Site-Data).
(() => {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  for (const form of document.querySelectorAll('form[action="/logout"]')) {
    form.addEventListener('submit', () => {
      navigator.serviceWorker.controller?.postMessage({ type: 'signout' });
    });
  }
})();
