// Keeps the parts of a console page that change on their own (lag, parked events, rebuild progress) up to date without
// reloading the page: each element with data-refresh="url" is replaced by that URL's fragment every second.
(function () {
  'use strict';
  const EVERY_MS = 1000;

  function keepFresh(region) {
    async function refresh() {
      // Never pull what a keyboard user is on out from under them: wait until focus leaves the region.
      if (!region.contains(document.activeElement)) {
        try {
          const response = await fetch(region.dataset.refresh, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
          if (response.redirected) {
            // The session ended: reload, which leads to the sign-in page.
            window.location.reload();
            return;
          }
          if (response.ok) {
            region.innerHTML = await response.text();
            region.removeAttribute('aria-busy');
          } else {
            region.setAttribute('aria-busy', 'true');
          }
        } catch (unreachable) {
          region.setAttribute('aria-busy', 'true');
        }
      }
      window.setTimeout(refresh, EVERY_MS);
    }
    window.setTimeout(refresh, EVERY_MS);
  }

  document.querySelectorAll('[data-refresh]').forEach(keepFresh);
})();
