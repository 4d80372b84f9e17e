// Comparison grid: recomputes shares, points, totals, ranks, gaps, abnormally-low warnings,
// the totals chart and our break-even price as marks, prices, weights and settings are typed,
// and as criteria are added or deleted and offers removed. The same formulas as the server
// (src/grid/formula.rs), which recomputes and is authoritative on save. Every change is an
// ordinary form field: without this script the page still saves through its form.
(function () {
  "use strict";
  var table = document.getElementById("compare");
  if (!table) { return; }
  var form = document.getElementById("grid-form");
  var TIE = 1e-9;

  function num(input) {
    if (!input) { return null; }
    var t = input.value.replace(/[\s\u00a0\u202f€%]/g, "");
    if (t === "") { return null; }
    if (t.indexOf(",") >= 0) { t = t.replace(/\./g, "").replace(",", "."); }
    var n = Number(t);
    return isFinite(n) ? n : NaN;
  }
  function fr(x, d) { return x.toFixed(d).replace(".", ","); }
  function val(id) { return num(document.getElementById(id)); }

  function fraction(formula, p, s) {
    var f;
    if (formula === "proportional") { f = s.min / p; }
    else if (formula === "linear") { f = 1 - (p - s.min) / s.min; }
    else if (formula === "extremes") { f = s.max - s.min <= 0 ? 1 : (s.max - p) / (s.max - s.min); }
    else { f = 1 - (p - s.min) / s.mean; }
    return Math.max(0, Math.min(1, f));
  }
  function stats(prices) {
    var min = Infinity, max = 0, sum = 0;
    prices.forEach(function (p) { min = Math.min(min, p); max = Math.max(max, p); sum += p; });
    return { min: min, max: max, mean: sum / prices.length };
  }
  function median(prices) {
    var s = prices.slice().sort(function (a, b) { return a - b; });
    var m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  function rows() { return Array.prototype.slice.call(table.querySelectorAll("tbody tr")); }
  function row(key) { return table.querySelector('tbody tr[data-i="' + key + '"]'); }
  function offerCount() { return table.querySelectorAll("thead input.offer-name").length; }

  // The live structure: rows not deleted (their own box or a parent's), in tree order, with
  // their shares; offers not removed.
  function read() {
    function deleted(tr, depth) {
      if (!tr || depth > 50) { return false; }
      var box = tr.querySelector("input.delete-criterion");
      if (box && box.checked) { return true; }
      return tr.dataset.parent !== "-1" && deleted(row(tr.dataset.parent), depth + 1);
    }
    var live = rows().filter(function (tr) {
      var gone = deleted(tr, 0);
      tr.classList.toggle("deleted", gone);
      return !gone;
    });
    var crit = live.map(function (tr) {
      return {
        i: Number(tr.dataset.i), parent: Number(tr.dataset.parent),
        price: tr.dataset.price === "true",
        weight: num(tr.querySelector("input.weight")) || 0
      };
    });
    crit.forEach(function (c, k) {
      c.leaf = !crit.some(function (x) { return x.parent === c.i; });
      live[k].classList.toggle("parent-row", !c.leaf);
      live[k].dataset.leaf = String(c.leaf);
    });
    var sums = {};
    crit.forEach(function (c) { sums[c.parent] = (sums[c.parent] || 0) + c.weight; });
    var shares = {};
    crit.forEach(function (c) {
      var ps = c.parent < 0 ? 1 : (shares[c.parent] || 0);
      shares[c.i] = sums[c.parent] > 0 ? ps * c.weight / sums[c.parent] : 0;
    });
    var offers = [];
    for (var o = 0; o < offerCount(); o++) {
      var box = document.getElementById("od" + o);
      var gone = !!(box && box.checked);
      table.querySelectorAll('[data-o="' + o + '"]').forEach(function (cell) {
        cell.classList.toggle("removed", gone);
      });
      if (!gone) { offers.push(o); }
    }
    var priceRow = crit.filter(function (c) { return c.price; })[0] || null;
    return { crit: crit, shares: shares, offers: offers, priceRow: priceRow };
  }

  // Totals of the live offers (arrays aligned with g.offers).
  function totals(g, formula, prices, tech) {
    var n = g.priceRow ? g.shares[g.priceRow.i] * 100 : 0;
    var s = g.priceRow ? stats(prices) : null;
    return tech.map(function (t, k) { return t + (s ? n * fraction(formula, prices[k], s) : 0); });
  }
  function ranks(ts) {
    return ts.map(function (t) { return 1 + ts.filter(function (x) { return x > t + TIE; }).length; });
  }
  function text(id, value) {
    var cell = document.getElementById(id);
    if (cell) { cell.textContent = value; }
  }

  function recompute() {
    var g = read();
    var scale = val("grid-scale") || 20;
    var formula = document.getElementById("grid-formula").value;
    var oursSel = document.getElementById("grid-ours").value;
    var low = (val("grid-low") || 80) / 100;
    g.crit.forEach(function (c) { text("share-" + c.i, fr(g.shares[c.i] * 100, 2)); });
    var points = [], tech = [], prices = [], complete = g.offers.length > 0;
    g.offers.forEach(function (o, k) {
      var t = 0;
      points[k] = {};
      g.crit.forEach(function (c) {
        if (c.price || !c.leaf) { return; }
        var m = val("m" + o + "_" + c.i);
        if (m === null || isNaN(m) || m < 0 || m > scale) { complete = false; return; }
        points[k][c.i] = m / scale * g.shares[c.i] * 100;
        t += points[k][c.i];
      });
      tech[k] = t;
      var p = val("p" + o);
      if (g.priceRow && (p === null || isNaN(p) || p <= 0)) { complete = false; }
      prices[k] = p;
    });
    if (!complete) { return; }
    var ts = totals(g, formula, prices, tech);
    var rk = ranks(ts);
    var best = Math.max.apply(null, ts);
    var mean = g.priceRow ? stats(prices).mean : 0, mid = g.priceRow ? median(prices) : 0;
    g.offers.forEach(function (o, k) {
      // Price points are what the total adds to the technical points; parents sum children.
      if (g.priceRow) { points[k][g.priceRow.i] = ts[k] - tech[k]; }
      for (var j = g.crit.length - 1; j >= 0; j--) {
        var c = g.crit[j];
        if (c.parent >= 0 && points[k][c.i] !== undefined) {
          points[k][c.parent] = (points[k][c.parent] || 0) + points[k][c.i];
        }
      }
      text("total-" + o, fr(ts[k], 2));
      text("rank-" + o, String(rk[k]));
      text("gap-" + o, fr(best - ts[k], 2));
      var bar = document.getElementById("bar-" + o);
      if (bar) { bar.setAttribute("width", String(Math.max(0, ts[k] * 3))); }
      g.crit.forEach(function (c) {
        if (points[k][c.i] !== undefined) { text("pts-" + o + "-" + c.i, fr(points[k][c.i], 2)); }
      });
      var warn = document.getElementById("low-" + o);
      if (warn) {
        warn.textContent = "";
        if (g.priceRow && (prices[k] < low * mean || prices[k] < low * mid)) {
          var tag = document.createElement("span");
          tag.className = "tag low";
          tag.textContent = table.dataset.labelLow;
          warn.appendChild(tag);
        }
      }
    });
    var me = oursSel === "" ? -1 : g.offers.indexOf(Number(oursSel));
    var live = document.getElementById("break-even-live");
    if (live) {
      live.textContent = me >= 0 && g.priceRow ? breakEven(g, formula, prices, tech, me) : "—";
    }
  }

  // Highest price in cents at which our offer still ranks first, by bisection (the server
  // does the same search, exact to the cent).
  function breakEven(g, formula, prices, tech, me) {
    function first(cents) {
      var ps = prices.slice(); ps[me] = cents / 100;
      var ts = totals(g, formula, ps, tech);
      return ts.every(function (t, i) { return i === me || t <= ts[me] + TIE; });
    }
    var lo = 1, hi = Math.ceil(Math.max.apply(null, prices) * 1000 * 100);
    if (!first(lo)) { return "—"; }
    if (first(hi)) { return "∞"; }
    while (hi - lo > 1) { var mid = Math.floor((lo + hi) / 2); if (first(mid)) { lo = mid; } else { hi = mid; } }
    return fr(lo / 100, 2) + " € HT";
  }

  function element(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // A criterion typed in the « add » fields becomes a row under its parent at once, with
  // fields the server reads as an added criterion (cn, w, cp, cx and marks on a new key).
  function addCriterion() {
    var name = document.getElementById("new-name");
    var weight = document.getElementById("new-weight");
    var parentSel = document.getElementById("new-parent");
    var priceBox = document.getElementById("new-price");
    if (!name.value.trim()) { name.focus(); return; }
    var isPrice = priceBox.checked;
    if (isPrice && table.querySelector('tbody tr[data-price="true"]:not(.deleted)')) {
      priceBox.setCustomValidity(table.dataset.labelOnePrice);
      priceBox.reportValidity();
      return;
    }
    priceBox.setCustomValidity("");
    var key = 1 + rows().reduce(function (m, tr) { return Math.max(m, Number(tr.dataset.i)); }, -1);
    var parent = parentSel.value === "" ? null : row(parentSel.value);
    var depth = parent ? Number(parent.dataset.depth) + 1 : 0;
    var siblings = rows().filter(function (tr) {
      return tr.dataset.parent === (parent ? parent.dataset.i : "-1");
    }).length;
    var number = (parent && parent.dataset.number ? parent.dataset.number + "." : "") + (siblings + 1);
    var tr = element("tr", {
      "class": "added depth" + depth + (isPrice ? " price" : ""), id: "row-" + key,
      "data-i": key, "data-parent": parent ? parent.dataset.i : "-1", "data-price": String(isPrice),
      "data-leaf": "true", "data-depth": depth, "data-number": number
    });
    var first = element("td", { "class": "crit" });
    var label = element("span", { "class": "crit-number" });
    label.textContent = number;
    first.appendChild(label);
    first.appendChild(element("input", { name: "cn" + key, id: "cn" + key, "class": "crit-name", size: "24",
      value: name.value.trim(), "aria-label": table.dataset.labelCriterion + " " + number }));
    first.appendChild(element("input", { type: "hidden", name: "cp" + key, value: parent ? parent.dataset.i : "" }));
    first.appendChild(element("input", { type: "hidden", name: "cx" + key, value: isPrice ? "1" : "0" }));
    var del = element("label", { "class": "remove" });
    del.appendChild(element("input", { type: "checkbox", name: "cd" + key, id: "cd" + key, value: "1", "class": "delete-criterion" }));
    del.appendChild(document.createTextNode(" " + table.dataset.labelDelete));
    first.appendChild(del);
    tr.appendChild(first);
    var w = element("td", {});
    w.appendChild(element("input", { name: "w" + key, id: "w" + key, "class": "weight", inputmode: "decimal", size: "4",
      value: weight.value, "aria-label": table.dataset.labelWeight + " " + number }));
    tr.appendChild(w);
    tr.appendChild(element("td", { "class": "num share", id: "share-" + key }));
    for (var o = 0; o < offerCount(); o++) {
      var td = element("td", { "class": "num", "data-o": o });
      td.appendChild(isPrice
        ? element("input", { name: "p" + o, id: "p" + o, "class": "price", inputmode: "decimal", size: "9" })
        : element("input", { name: "m" + o + "_" + key, id: "m" + o + "_" + key, "class": "mark", inputmode: "decimal", size: "4" }));
      td.appendChild(element("span", { "class": "pts", id: "pts-" + o + "-" + key }));
      tr.appendChild(td);
    }
    // Below the parent and its sub-criteria; a main criterion goes last.
    var after = parent;
    if (parent) {
      var all = rows(), k = all.indexOf(parent) + 1;
      while (k < all.length && Number(all[k].dataset.depth) > depth - 1) { after = all[k]; k++; }
      after.parentNode.insertBefore(tr, after.nextSibling);
    } else {
      table.querySelector("tbody").appendChild(tr);
    }
    if (!isPrice) {
      var option = element("option", { value: key });
      option.textContent = number + " " + name.value.trim();
      parentSel.appendChild(option);
    }
    name.value = ""; weight.value = ""; priceBox.checked = false; parentSel.value = "";
    recompute();
  }

  var add = document.getElementById("add-criterion");
  if (add) {
    add.addEventListener("click", function (event) { event.preventDefault(); addCriterion(); });
  }
  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  recompute();
})();

// Price grid: the totals of our priced lines (HT, VAT line by line at its own rate, TTC,
// cost, margin in value and as a share of the price HT) recomputed as a cost, a margin or a
// VAT rate is typed. The same formulas as the server (src/grid/price.rs, pricing.rs), which is
// authoritative on save.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.prices[data-piece]");
  if (!tables.length) { return; }

  function num(input) {
    if (!input) { return null; }
    var t = input.value.replace(/[\s\u00a0\u202f€%]/g, "");
    if (t === "") { return null; }
    if (t.indexOf(",") >= 0) { t = t.replace(/\./g, "").replace(",", "."); }
    var n = Number(t);
    return isFinite(n) ? n : NaN;
  }
  function fr(x, d) { return x.toFixed(d).replace(".", ","); }

  function recompute(table) {
    var piece = table.getAttribute("data-piece");
    var ht = 0, vat = 0, cost = 0;
    table.querySelectorAll("tr[data-q]").forEach(function (row) {
      var q = Number(row.getAttribute("data-q"));
      var c = num(row.querySelector("input.cost"));
      var m = num(row.querySelector("input.margin"));
      var v = num(row.querySelector("input.vat"));
      if (row.getAttribute("data-q") === "" || !isFinite(q) || c === null || isNaN(c) || c < 0) { return; }
      m = (m === null || isNaN(m)) ? 0 : m / 100;
      if (m >= 1) { return; }
      var p = c / (1 - m);
      // A VAT rate left empty keeps the stored one, as the server does on save.
      var vatInput = row.querySelector("input.vat");
      if ((v === null || isNaN(v)) && vatInput) { v = num({ value: vatInput.defaultValue }); }
      if (v === null || isNaN(v) || v < 0 || v > 100) { return; }
      var rate = v / 100;
      ht += q * p;
      cost += q * c;
      vat += q * p * rate;
    });
    var values = {
      ht: ht, vat: vat, ttc: ht + vat, cost: cost, margin: ht - cost,
      rate: ht > 0 ? (ht - cost) / ht * 100 : 0
    };
    Object.keys(values).forEach(function (key) {
      var cell = document.getElementById(key + "-" + piece);
      if (cell) { cell.textContent = fr(values[key], 2); }
    });
  }

  tables.forEach(function (table) {
    table.addEventListener("input", function () { recompute(table); });
  });
})();
