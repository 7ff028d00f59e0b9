// Passkeys (WebAuthn): progressive enhancement of forms marked data-passkey. Without WebAuthn
// (or without JavaScript) these forms stay hidden and the other ways to sign in remain.
(() => {
  const lib = window.SimpleWebAuthnBrowser;
  if (!lib?.browserSupportsWebAuthn()) return;
  for (const form of document.querySelectorAll('form[data-passkey]')) {
    form.hidden = false;
    const status = form.querySelector('[data-passkey-status]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (status) status.textContent = '';
      try {
        const res = await fetch(form.dataset.passkeyOptions, {
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        });
        if (!res.ok) throw new Error(`options: ${res.status}`);
        const optionsJSON = await res.json();
        const response =
          form.dataset.passkey === 'register'
            ? await lib.startRegistration({ optionsJSON })
            : await lib.startAuthentication({ optionsJSON });
        form.querySelector('input[name="response"]').value = JSON.stringify(response);
        form.submit();
      } catch {
        if (status) status.textContent = form.dataset.passkeyError ?? '';
      }
    });
  }
})();
