/* The search page: runs the query in ?q= against the Pagefind index built beside
   the site (in shards, merged here), and lists the results as links. The form is
   an ordinary GET form, so each search is a page load that the Back button undoes. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var note = document.getElementById("search-note");
  if (!form || !input || !status || !list) { return; }
  var base = form.getAttribute("data-base") || "/";
  var MAX = 20;
  form.hidden = false;
  if (note) { note.hidden = true; }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  input.value = query;
  if (!query) { return; }

  function say(text) { status.textContent = text; }

  /* Pagefind's excerpt is text with <mark> around the words found: rebuild it
     from its text and marks only, so nothing else in it can become markup. */
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var p = document.createElement("p");
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(results, total) {
    results.forEach(function (result) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerpt(result.excerpt || ""));
      list.appendChild(item);
    });
    var words = total === 1 ? "1 result" : total + " results";
    var shown = total > results.length ? " (showing the first " + results.length + ")" : "";
    say(total ? words + " for \u201c" + query + "\u201d" + shown + "." :
      "No results for \u201c" + query + "\u201d. Check the spelling, try fewer words, or browse the topics.");
    document.title = (total ? words : "No results") + " for \u201c" + query + "\u201d \u2013 " + document.title;
  }

  /* The index is in shards (pagefind/shards.json lists their folders): the first
     shard's Pagefind searches them all once the others are merged into it. Every
     shard's results link to the site's own addresses (baseUrl). */
  function load() {
    return fetch(base + "pagefind/shards.json", { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) { throw new Error("no search index"); }
        return response.json();
      })
      .then(function (list) {
        var folders = list.shards.map(function (name) {
          return new URL(base + "pagefind/" + name + "/", document.baseURI).href;
        });
        return import(folders[0] + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ baseUrl: base })
            .then(function () {
              return Promise.all(folders.slice(1).map(function (folder) {
                return pagefind.mergeIndex(folder, { baseUrl: base });
              }));
            })
            .then(function () { return pagefind; });
        });
      });
  }

  say("Searching for \u201c" + query + "\u201d\u2026");
  load()
    .then(function (pagefind) { return pagefind.search(query); })
    .then(function (search) {
      return Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }))
        .then(function (results) { show(results, search.results.length); });
    })
    .catch(function () {
      say("Search is not available on this copy of the site. You can browse all issues, topics and the training calendar instead.");
    });
}());
