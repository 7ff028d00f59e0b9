// Check-in by the desk's QR code: where the browser has BarcodeDetector with QR codes and a
// camera, shows "Scan with the camera"; a recognised desk address opens /checkin/<desk> on this
// site. Without it the page is the desk-code form alone (views/checkin/scan.hbs).
(async () => {
  const box = document.querySelector('[data-scan]');
  if (!box || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return;
  let formats = [];
  try {
    formats = await window.BarcodeDetector.getSupportedFormats();
  } catch {
    return;
  }
  if (!formats.includes('qr_code')) return;
  const start = box.querySelector('[data-scan-start]');
  const stop = box.querySelector('[data-scan-stop]');
  const video = box.querySelector('[data-scan-video]');
  const status = box.querySelector('[data-scan-status]');
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  let stream;
  let timer;
  box.hidden = false;

  const end = () => {
    clearTimeout(timer);
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  };

  /** The desk of a scanned code: only the number of a /checkin/<n> address is used. */
  const deskOf = (raw) => {
    try {
      const match = /^\/checkin\/([1-9]\d{0,9})\/?$/.exec(new URL(raw, location.origin).pathname);
      return match?.[1];
    } catch {
      return undefined;
    }
  };

  const look = async () => {
    if (!stream) return;
    try {
      for (const code of await detector.detect(video)) {
        const desk = deskOf(code.rawValue);
        if (desk) {
          end();
          location.assign(`/checkin/${desk}`);
          return;
        }
        status.textContent = box.dataset.msgNotOurs;
      }
    } catch {
      // A frame that is not ready yet: try the next one.
    }
    timer = setTimeout(look, 250);
  };

  start.addEventListener('click', async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      status.textContent = box.dataset.msgNoCamera;
      document.getElementById('code')?.focus();
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    status.textContent = box.dataset.msgLooking;
    look();
  });
  stop.addEventListener('click', () => {
    end();
    start.focus();
  });
  window.addEventListener('pagehide', end);
})();
