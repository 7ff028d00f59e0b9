// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // After a failed submit, move focus to the error summary so keyboard and screen reader users hear it first.
  const summary = document.querySelector('[data-autofocus]');
  if (summary instanceof HTMLElement) summary.focus();

  // "Use my location": only on request, the browser asks for consent, and only rounded
  // coordinates (about a kilometre) leave the device.
  const form = document.querySelector('form[data-geolocate]');
  const button = form?.querySelector('[data-use-location]');
  if (form instanceof HTMLFormElement && button instanceof HTMLButtonElement && 'geolocation' in navigator) {
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.geolocation.getCurrentPosition((pos) => {
        form.elements.namedItem('lat').value = pos.coords.latitude.toFixed(2);
        form.elements.namedItem('lng').value = pos.coords.longitude.toFixed(2);
        form.elements.namedItem('area').value = '';
        form.submit();
      });
    });
  }
});
