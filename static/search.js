/* newsline search: queries the Pagefind index in `pagefind/` (built by `newsline build`)
   and lists the results. Progressive enhancement: without this script the search page says
   search needs JavaScript and links to the timeline and the indexes.

   Results are built with DOM calls only: titles, dates and excerpts come from the site's
   content, which is untrusted, so nothing is ever parsed as HTML. Pagefind's excerpt marks
   the matched words with <mark> and escapes < and >; it is split on the marks and each part
   inserted as text. The query and the section filter live in the URL (?q=…&section=…), so a
   search can be shared and survives a reload. No libraries, no third-party requests. */
(function () {
  "use strict";

  var form = document.getElementById("search_form");
  var input = document.getElementById("search_q");
  var status = document.getElementById("search_status");
  var list = document.getElementById("search_results");
  var fallback = document.getElementById("search_fallback");
  var reason = document.getElementById("search_fallback_reason");
  if (!form || !input || !status || !list || !fallback || !reason || !window.URL) {
    return;
  }

  /* Results shown per query: more than a reader scans, few enough to load quickly. */
  var LIMIT = 30;
  var DEBOUNCE_MS = 250;

  /* The site root as an absolute URL; the page knows its depth (`root` in the template). */
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);

  function showFallback(message) {
    reason.textContent = message;
    fallback.hidden = false;
  }

  if (location.protocol === "file:") {
    showFallback(
      "Search needs the site to be served over HTTP (for example with `newsline serve`, or once published); " +
        "a browser cannot load the search index from files opened directly."
    );
    return;
  }

  var sectionInputs = Array.prototype.slice.call(form.querySelectorAll('input[name="section"]'));
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  var wantedSection = params.get("section") || "";
  sectionInputs.forEach(function (radio) {
    radio.checked = radio.value === wantedSection;
  });
  if (!sectionInputs.some(function (radio) { return radio.checked; }) && sectionInputs[0]) {
    sectionInputs[0].checked = true;
  }
  form.hidden = false;
  fallback.hidden = true;

  var loading = null;
  /* Each search gets a number; an answer to an older one is dropped. */
  var latest = 0;
  var timer = null;

  function loadPagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 24 })).then(function () {
          return module;
        });
      });
    }
    return loading;
  }

  function section() {
    var checked = sectionInputs.filter(function (radio) { return radio.checked; })[0];
    return checked ? checked.value : "";
  }

  function updateUrl(query, chosen) {
    var next = new URLSearchParams(location.search);
    if (query) next.set("q", query); else next.delete("q");
    if (chosen) next.set("section", chosen); else next.delete("section");
    var search = next.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  /* Pagefind's excerpt: text with < and > escaped, matched words in <mark>…</mark>. */
  function appendExcerpt(parent, excerpt) {
    var decode = function (text) {
      return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    };
    var pattern = /<mark>([\s\S]*?)<\/mark>/g;
    var at = 0;
    var match;
    while ((match = pattern.exec(excerpt)) !== null) {
      if (match.index > at) parent.appendChild(document.createTextNode(decode(excerpt.slice(at, match.index))));
      var mark = document.createElement("mark");
      mark.textContent = decode(match[1]);
      parent.appendChild(mark);
      at = pattern.lastIndex;
    }
    if (at < excerpt.length) parent.appendChild(document.createTextNode(decode(excerpt.slice(at))));
  }

  /* A result's page: its root-relative URL resolved against the site root, and only if it
     stays under the root (the index is ours, but a link never leaves the site). */
  function pageUrl(data) {
    var raw = String(data.raw_url || data.url || "");
    if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(raw)) return null;
    var url = new URL(raw.replace(/^\/+/, ""), root);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    return url.href;
  }

  function first(values) {
    return values && values.length ? String(values[0]) : "";
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var filters = data.filters || {};
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var href = pageUrl(data);
    var title = String(meta.title || data.raw_url || "");
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = title;
      heading.appendChild(link);
    } else {
      heading.textContent = title;
    }
    item.appendChild(heading);

    var facts = document.createElement("p");
    facts.className = "search-result-meta";
    var kind = first(filters.kind);
    var parts = [];
    var sectionName = first(filters.section);
    if (sectionName === "Articles") parts.push("Article");
    if (kind) {
      var label = document.createElement("span");
      label.className = "kind kind-" + kind.toLowerCase().replace(/[^a-z]/g, "");
      label.textContent = kind;
      facts.appendChild(label);
    } else if (sectionName === "Annotations") {
      parts.push("Annotation");
    }
    if (meta.outlet) parts.push(meta.outlet);
    if (meta.date) parts.push(meta.date);
    if (parts.length) {
      if (facts.firstChild) facts.appendChild(document.createTextNode(" "));
      facts.appendChild(document.createTextNode(parts.join(" · ")));
    }
    item.appendChild(facts);

    if (data.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result-excerpt";
      appendExcerpt(excerpt, String(data.excerpt));
      item.appendChild(excerpt);
    }
    return item;
  }

  function say(text) {
    status.textContent = text;
  }

  function run() {
    var query = input.value.trim();
    var chosen = section();
    updateUrl(query, chosen);
    var number = ++latest;
    if (!query) {
      clear(list);
      say("");
      return;
    }
    say("Searching…");
    loadPagefind()
      .then(function (module) {
        var options = chosen ? { filters: { section: chosen } } : {};
        return module.search(query, options);
      })
      .then(function (search) {
        if (number !== latest || !search) return null;
        return Promise.all(
          search.results.slice(0, LIMIT).map(function (result) { return result.data(); })
        ).then(function (pages) {
          return { total: search.results.length, pages: pages };
        });
      })
      .then(function (found) {
        if (!found || number !== latest) return;
        clear(list);
        found.pages.forEach(function (data) {
          list.appendChild(resultItem(data));
        });
        var where = chosen ? " in " + chosen.toLowerCase() : "";
        var text;
        if (found.total === 0) text = "No results for “" + query + "”" + where + ".";
        else if (found.total === 1) text = "1 result for “" + query + "”" + where + ".";
        else text = found.total + " results for “" + query + "”" + where + ".";
        if (found.total > found.pages.length) text += " Showing the first " + found.pages.length + ".";
        say(text);
      })
      .catch(function () {
        if (number !== latest) return;
        clear(list);
        loading = null;
        say(
          "The search index could not be loaded. If the site is running in `newsline serve`, " +
            "the index may still be being built: try again in a moment."
        );
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  input.addEventListener("input", schedule);
  sectionInputs.forEach(function (radio) {
    radio.addEventListener("change", function () {
      clearTimeout(timer);
      run();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });

  if (input.value.trim()) {
    run();
  }
})();
