// "Copy" buttons beside secrets shown once (a webhook's signing secret, a new API token): the
// button copies its field's text and says so; without script the field is still selectable.
(function () {
  "use strict";
  const gettext = window.gettext || ((text) => text);
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copy);
    const said = document.getElementById(button.dataset.copy + "-copied");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      const done = function () { if (said) said.textContent = gettext("Copied."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          document.execCommand("copy") && done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
