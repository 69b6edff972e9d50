/* newsline timeline: filters by kind, tag, person and outlet, and deep-link highlighting.
   Progressive enhancement: without this script every entry is shown and the filter form
   stays hidden. The filter state lives in the query string (?kind=event,report&tag=x),
   so a filtered view can be shared and is restored on load. No libraries. */
(function () {
  "use strict";

  var form = document.getElementById("timeline_filters");
  var timeline = document.getElementById("timeline_entries");
  if (!form || !timeline || !window.URLSearchParams) {
    return;
  }

  var entries = Array.prototype.slice.call(timeline.querySelectorAll("article.entry"));
  var months = Array.prototype.slice.call(timeline.querySelectorAll("section.month"));
  var phases = Array.prototype.slice.call(timeline.querySelectorAll("section.phase"));
  var banners = Array.prototype.slice.call(timeline.querySelectorAll(".era-banner"));
  var kindBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="kind"]'));
  var status = form.querySelector(".filter-status");
  /* Each select filters on one data attribute of the entries, and one query parameter. */
  var facets = [
    { param: "tag", attribute: "data-tags" },
    { param: "person", attribute: "data-people" },
    { param: "outlet", attribute: "data-outlets" }
  ].filter(function (facet) {
    facet.select = form.querySelector('select[name="' + facet.param + '"]');
    return facet.select !== null;
  });

  /* Overview marks, by the slug they link to (same page: "#slug"; others: "…#slug"). The
     overview is drawn twice (wide and narrow screens), so a slug has a mark in each. */
  var marksBySlug = {};
  Array.prototype.forEach.call(document.querySelectorAll(".overview a.ov-entry"), function (mark) {
    var href = mark.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash >= 0) {
      var slug = href.slice(hash + 1);
      (marksBySlug[slug] = marksBySlug[slug] || []).push(mark);
    }
  });

  document.documentElement.classList.add("has-js");
  form.hidden = false;

  function words(element, attribute) {
    var value = element.getAttribute(attribute) || "";
    return value ? value.split(" ") : [];
  }

  /* The state: the kinds shown (null = all) and the slug chosen per facet ("" = any). */
  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = { kinds: null, facets: {} };
    var kinds = params.getAll("kind").join(",").split(",").filter(Boolean);
    if (kinds.length) {
      state.kinds = kinds;
    }
    facets.forEach(function (facet) {
      state.facets[facet.param] = params.get(facet.param) || "";
    });
    return state;
  }

  function stateFromForm() {
    var checked = kindBoxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    var state = { kinds: checked.length === kindBoxes.length ? null : checked, facets: {} };
    facets.forEach(function (facet) {
      state.facets[facet.param] = facet.select.value;
    });
    return state;
  }

  function showInForm(state) {
    kindBoxes.forEach(function (box) {
      box.checked = state.kinds === null || state.kinds.indexOf(box.value) >= 0;
    });
    facets.forEach(function (facet) {
      var wanted = state.facets[facet.param] || "";
      var known = Array.prototype.some.call(facet.select.options, function (option) { return option.value === wanted; });
      facet.select.value = known ? wanted : "";
    });
  }

  function isFiltered(state) {
    return state.kinds !== null || facets.some(function (facet) { return state.facets[facet.param]; });
  }

  function matches(entry, state) {
    if (state.kinds !== null && state.kinds.indexOf(entry.getAttribute("data-kind")) < 0) {
      return false;
    }
    return facets.every(function (facet) {
      var wanted = state.facets[facet.param];
      return !wanted || words(entry, facet.attribute).indexOf(wanted) >= 0;
    });
  }

  function apply(state) {
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = matches(entry, state);
      entry.hidden = !visible;
      if (visible) {
        shown += 1;
      }
      (marksBySlug[entry.id] || []).forEach(function (mark) {
        mark.classList.toggle("is-filtered-out", !visible);
      });
    });
    /* An era banner stays while any entry after it, up to the next banner, is shown. */
    banners.forEach(function (banner) {
      var visible = false;
      for (var next = banner.nextElementSibling; next && !next.classList.contains("era-banner"); next = next.nextElementSibling) {
        if (next.classList.contains("entry") && !next.hidden) {
          visible = true;
          break;
        }
      }
      banner.hidden = !visible;
    });
    months.forEach(function (month) {
      month.hidden = !month.querySelector("article.entry:not([hidden])");
    });
    phases.forEach(function (phase) {
      phase.hidden = !phase.querySelector("section.month:not([hidden])");
    });
    if (status) {
      status.textContent = isFiltered(state)
        ? "Showing " + shown + " of " + entries.length + (entries.length === 1 ? " entry" : " entries") + " on this page."
        : "";
    }
  }

  function query(state) {
    var parts = [];
    if (state.kinds !== null) {
      parts.push("kind=" + state.kinds.map(encodeURIComponent).join(","));
    }
    facets.forEach(function (facet) {
      if (state.facets[facet.param]) {
        parts.push(facet.param + "=" + encodeURIComponent(state.facets[facet.param]));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function remember(state) {
    var search = query(state);
    try {
      window.history.replaceState(null, "", window.location.pathname + search + window.location.hash);
    } catch (error) {
      /* Some browsers refuse to change the URL of a file:// page: filtering still works. */
    }
    /* Links to the other timeline pages carry the filter along. */
    Array.prototype.forEach.call(document.querySelectorAll(".timeline-pages a"), function (link) {
      var href = link.getAttribute("href").split("#")[0].split("?")[0];
      link.setAttribute("href", href + search);
    });
  }

  function update() {
    var state = stateFromForm();
    apply(state);
    remember(state);
  }

  /* A link to one entry (index.html#slug) shows it even when the filters would hide it;
     the entry is highlighted by its :target style. */
  function showTarget() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.classList.contains("entry") || !target.hidden) {
      return;
    }
    form.reset();
    showInForm({ kinds: null, facets: {} });
    update();
    target.scrollIntoView({ block: "start" });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  form.addEventListener("reset", function () {
    /* The form's values are reset after this event: read them on the next turn. */
    window.setTimeout(update, 0);
  });
  window.addEventListener("hashchange", showTarget);

  var initial = stateFromUrl();
  showInForm(initial);
  apply(initial);
  if (isFiltered(initial)) {
    remember(stateFromForm());
  }
  if (window.location.hash) {
    showTarget();
  }
})();
