// Tell the desk which time zone this browser is in, so that times are shown and read in it.
// A zone fixed in Preferences wins on the server; without this script the server's zone is used.
(function () {
  "use strict";
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  const current = document.cookie.split("; ").find((part) => part.startsWith("desk_tz="));
  if (current === "desk_tz=" + zone) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "desk_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
})();
