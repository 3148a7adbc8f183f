// Keeps the parts of a console page that change on their own (lag, parked events, rebuild progress) up to date without
// reloading the page: each element with data-refresh="url" is replaced by that URL's fragment every second while the
// page is in view. A refresh that fails marks the region as out of date until one succeeds.
(function () {
  'use strict';
  const EVERY_MS = 1000;

  function keepFresh(region) {
    async function refresh() {
      // A hidden tab asks for nothing (and so does not keep the session alive by itself); never pull what a keyboard
      // user is on out from under them: wait until focus leaves the region.
      if (!document.hidden && !region.contains(document.activeElement)) {
        try {
          const response = await fetch(region.dataset.refresh, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
          if (response.redirected) {
            // The session ended: reload, which leads to the sign-in page.
            window.location.reload();
            return;
          }
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          region.innerHTML = await response.text();
          region.classList.remove('stale');
        } catch (failed) {
          region.classList.add('stale');
        }
      }
      window.setTimeout(refresh, EVERY_MS);
    }
    window.setTimeout(refresh, EVERY_MS);
  }

  document.querySelectorAll('[data-refresh]').forEach(keepFresh);
})();
