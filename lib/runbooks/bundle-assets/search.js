// Search in the offline bundle: works from file:// (the index is a script, not a fetch),
// every word must match (the last one as a beginning), titles and alert names rank first.
(function () {
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var index = window.RUNBOOK_INDEX || [];
  if (!form || !input || !list) return;
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function words(text) { return text.toLowerCase().split(/[^a-z0-9_.-]+/).filter(Boolean); }

  function score(item, terms) {
    var title = words(item.t + " " + item.a.join(" "));
    var rest = words(item.s + " " + item.x);
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var last = i === terms.length - 1;
      var match = function (word) { return last ? word.indexOf(term) === 0 : word === term; };
      if (title.some(match)) total += 10;
      else if (rest.some(match)) total += 1;
      else return 0;
    }
    return total;
  }

  function render() {
    var terms = words(input.value);
    list.textContent = "";
    if (!terms.length) return;
    var hits = index
      .map(function (item) { return { item: item, score: score(item, terms) }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.item.t.localeCompare(b.item.t); })
      .slice(0, 30);
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "Nothing matches every word.";
      list.appendChild(none);
      return;
    }
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.item.u;
      a.textContent = hit.item.t;
      var small = document.createElement("small");
      small.textContent = " " + hit.item.k + (hit.item.s ? " · " + hit.item.s : "") + (hit.item.a.length ? " · " + hit.item.a.join(", ") : "");
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    });
  }

  input.addEventListener("input", render);
})();
