// Searchable pickers over the excerpt form's multi-selects (actors, events) and its topics field.
// Progressive enhancement: without this script the plain <select multiple> and text field work;
// with it, the picker is the field's one control and the field it drives is hidden.
// The WAI-ARIA combobox pattern (list autocomplete, manual selection): typing filters a listbox
// with nothing active, so Enter never takes a guess; ArrowDown lands on the first match; Enter
// picks the active option; Escape closes; Backspace in an empty box removes the last choice.
// Making a new record is the last option, in so many words, and asks before it acts.
(function () {
  "use strict";
  // Words in the chosen language, from its catalogue (/language/words.js); English without it.
  const gettext = window.gettext || ((text) => text);
  const fill = (text, words) => text.replace(/%\((\w+)\)s/g, (_, name) => words[name]);
  let counter = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function makePicker(host, items, opts) {
    // items: [{value, label, also}], opts: {label, isChosen(value), choose(value), unchoose(value),
    //        chosen(), newItem(text) -> {label, href} | {label, add} | null, addText(text),
    //        choicesUrl, learn(item)}
    counter += 1;
    const id = "picker-" + counter;
    const wrap = document.createElement("div");
    wrap.className = "picker";
    const chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", fill(gettext("%(what)s: chosen"), { what: opts.label }));
    const input = document.createElement("input");
    input.type = "text";
    input.id = id + "-input";
    input.className = "picker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-label", fill(gettext("Search %(what)s"), { what: opts.label.toLowerCase() }));
    input.placeholder = fill(gettext("Type to search %(what)s…"), { what: opts.label.toLowerCase() });
    // The field's help text describes the search box now, and its label points at it.
    const described = host.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    if (host.id) {
      document.querySelectorAll('label[for="' + host.id + '"]').forEach(function (label) {
        label.htmlFor = input.id;
      });
    }
    const list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", fill(gettext("Matching %(what)s"), { what: opts.label.toLowerCase() }));
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrap.append(chips, input, list, status);
    host.before(wrap);
    // One control per field: the picker. The field stays in the form, carrying the choices.
    host.hidden = true;

    let shown = [];
    let active = -1;

    function drawChips() {
      chips.textContent = "";
      opts.chosen().forEach(function (item) {
        const li = document.createElement("li");
        li.className = "tag picker-chip";
        li.append(item.label + " ");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link picker-remove";
        remove.setAttribute("aria-label", fill(gettext("Remove %(name)s"), { name: item.label }));
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          opts.unchoose(item.value);
          drawChips();
          status.textContent = fill(gettext("%(name)s removed."), { name: item.label });
          input.focus();
        });
        li.append(remove);
        chips.append(li);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.classList.toggle("is-active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      const entry = shown[index];
      if (!entry) return;
      if (entry.href) {
        window.open(entry.href, "_blank", "noopener");
        status.textContent = gettext(
          "The form for a new one opened in a new tab. Once it is saved, search here again."
        );
      } else if (entry.add) {
        // A new topic is offered to everyone on the desk from then on: asked, never assumed.
        if (!window.confirm(entry.ask)) {
          status.textContent = gettext("Nothing was added.");
          return;
        }
        opts.addText(entry.add);
        status.textContent = fill(gettext("%(name)s added."), { name: entry.add });
      } else if (opts.isChosen(entry.value)) {
        opts.unchoose(entry.value);
        status.textContent = fill(gettext("%(name)s removed."), { name: entry.label });
      } else {
        opts.choose(entry.value);
        status.textContent = fill(gettext("%(name)s chosen."), { name: entry.label });
      }
      input.value = "";
      drawChips();
      close();
    }

    function draw() {
      const text = input.value.trim();
      const wanted = fold(text);
      list.textContent = "";
      shown = items
        .filter(function (item) {
          return !wanted || fold(item.label + " " + (item.also || "")).includes(wanted);
        })
        .slice(0, 50);
      const extra = text ? opts.newItem(text) : null;
      if (extra && !items.some(function (item) { return fold(item.label) === wanted; })) {
        shown.push(extra);
      }
      shown.forEach(function (entry, i) {
        const li = document.createElement("li");
        li.id = id + "-option-" + i;
        li.setAttribute("role", "option");
        li.className = "picker-option" + (entry.href || entry.add ? " picker-new" : "");
        const chosen = entry.value !== undefined && opts.isChosen(entry.value);
        li.setAttribute("aria-selected", chosen ? "true" : "false");
        li.textContent = entry.label;
        if (entry.also) {
          const also = document.createElement("span");
          also.className = "meta";
          also.textContent = " — " + fill(gettext("also %(names)s"), { names: entry.also });
          li.append(also);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.append(li);
      });
      if (!shown.length) {
        const li = document.createElement("li");
        li.className = "empty";
        li.textContent = gettext("Nothing matches.");
        list.append(li);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(-1);
      const matches = shown.filter(function (entry) { return !(entry.href || entry.add); }).length;
      status.textContent = fill(
        window.ngettext
          ? window.ngettext("%(count)s match.", "%(count)s matches.", matches)
          : matches === 1 ? "%(count)s match." : "%(count)s matches.",
        { count: matches }
      );
    }

    // A record made in another tab (a new actor, say) reaches this form without a reload: the
    // picker asks the desk again as it is typed in (at most every second and a half), and always
    // when it is focused or this tab is shown again: coming back from the other tab within the
    // second and a half of the last question must not keep the new record out.
    let asked = 0;
    function refresh(now) {
      if (!opts.choicesUrl || (!now && Date.now() - asked < 1500)) return;
      asked = Date.now();
      fetch(opts.choicesUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) {
          const known = new Set(items.map(function (item) { return item.value; }));
          const fresh = (data.items || []).filter(function (item) { return !known.has(item.value); });
          fresh.forEach(function (item) {
            items.push(item);
            if (opts.learn) opts.learn(item);
          });
          if (fresh.length && !list.hidden) draw();
        })
        .catch(function () { /* Offline: the choices the page came with still work. */ });
    }

    input.addEventListener("input", function () {
      refresh();
      draw();
    });
    // Closing waits a moment after blur so a click on an option lands first; focus coming
    // back within that moment keeps the list open instead of closing it under the typist.
    let closing = null;
    input.addEventListener("focus", function () {
      window.clearTimeout(closing);
      refresh(true);
      draw();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refresh(true);
    });
    input.addEventListener("blur", function () { closing = window.setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) draw();
        setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) draw();
        setActive(active <= 0 ? shown.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        // Enter in the search box never sends the form: with nothing active it does nothing.
        if (!list.hidden || input.value.trim()) event.preventDefault();
        if (!list.hidden && active >= 0) pick(active);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else {
          input.value = "";
        }
      } else if (event.key === "Backspace" && !input.value) {
        const last = opts.chosen().pop();
        if (last) {
          opts.unchoose(last.value);
          drawChips();
          status.textContent = fill(gettext("%(name)s removed."), { name: last.label });
        }
      }
    });
    drawChips();
    return { redraw: drawChips };
  }

  // Actors and events: the select stays in the form, hidden; the picker sets its options.
  document.querySelectorAll("select[multiple][data-picker]").forEach(function (select) {
    const label = select.dataset.picker;
    const items = Array.from(select.options).map(function (option) {
      return { value: option.value, label: option.textContent.trim(), also: option.dataset.also || "" };
    });
    function option(value) {
      return Array.from(select.options).find(function (o) { return o.value === value; });
    }
    const picker = makePicker(select, items, {
      label: label,
      choicesUrl: select.dataset.choicesUrl,
      isChosen: function (value) { return option(value).selected; },
      choose: function (value) { option(value).selected = true; },
      unchoose: function (value) { option(value).selected = false; },
      chosen: function () {
        return items.filter(function (item) { return option(item.value).selected; });
      },
      learn: function (item) {
        const added = new Option(item.label, item.value);
        if (item.also) added.dataset.also = item.also;
        select.add(added);
      },
      newItem: function (text) {
        if (!select.dataset.newUrl) return null;
        return {
          label: fill(gettext("New %(kind)s “%(text)s”… (opens in a new tab)"), {
            kind: select.dataset.newWord,
            text: text,
          }),
          href: select.dataset.newUrl + "?" + select.dataset.newField + "=" + encodeURIComponent(text),
        };
      },
    });
    select.addEventListener("change", picker.redraw);
  });

  // Topics: a comma-separated text field, hidden behind the picker; a new name is made on save.
  document.querySelectorAll("input[data-picker-topics]").forEach(function (field) {
    const known = document.getElementById(field.getAttribute("list"));
    // The picker is the one list of topics to choose from: the browser's own suggestions under
    // the field would offer a second, where Enter keeps half a typed name as a new topic.
    field.removeAttribute("list");
    const items = known
      ? Array.from(known.options).map(function (o) { return { value: o.value, label: o.value }; })
      : [];
    function names() {
      return field.value.split(",").map(function (n) { return n.trim(); }).filter(Boolean);
    }
    function setNames(list) { field.value = list.join(", "); }
    makePicker(field, items, {
      label: gettext("Topics"),
      choicesUrl: field.dataset.choicesUrl,
      isChosen: function (value) {
        return names().some(function (n) { return fold(n) === fold(value); });
      },
      choose: function (value) { setNames(names().concat([value])); },
      unchoose: function (value) {
        setNames(names().filter(function (n) { return fold(n) !== fold(value); }));
      },
      chosen: function () {
        return names().map(function (n) { return { value: n, label: n }; });
      },
      newItem: function (text) {
        const name = text.replace(/,/g, " ").trim();
        return name
          ? {
              label: fill(gettext("Add new topic “%(name)s”…"), { name: name }),
              add: name,
              ask: fill(
                gettext("Make a new topic “%(name)s”? It will be offered to everyone on the desk."),
                { name: name }
              ),
            }
          : null;
      },
      addText: function (text) { setNames(names().concat([text])); },
    });
  });
})();
