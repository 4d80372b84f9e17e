// Comparison grid: recomputes shares, points, totals, ranks, gaps, the totals chart and our
// break-even price as marks, prices and weights are typed. The same formulas as the server
// (src/grid/formula.rs), which recomputes and is authoritative on save.
(function () {
  "use strict";
  var table = document.getElementById("compare");
  if (!table) { return; }
  var TIE = 1e-9;

  function num(input) {
    if (!input) { return null; }
    var t = input.value.replace(/[\s\u00a0\u202f€]/g, "");
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

  function read() {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var crit = rows.map(function (tr) {
      return {
        i: Number(tr.dataset.i), parent: Number(tr.dataset.parent),
        price: tr.dataset.price === "true", leaf: tr.dataset.leaf === "true",
        weight: num(tr.querySelector("input.weight")) || 0
      };
    });
    var sums = {};
    crit.forEach(function (c) { sums[c.parent] = (sums[c.parent] || 0) + c.weight; });
    var shares = [];
    crit.forEach(function (c) {
      var ps = c.parent < 0 ? 1 : shares[c.parent];
      shares[c.i] = sums[c.parent] > 0 ? ps * c.weight / sums[c.parent] : 0;
    });
    var offers = table.querySelectorAll("thead th input").length;
    return { crit: crit, shares: shares, offers: offers };
  }

  function totals(g, scale, formula, prices, tech) {
    var priceRow = g.crit.filter(function (c) { return c.price; })[0];
    var n = priceRow ? g.shares[priceRow.i] * 100 : 0;
    var s = priceRow ? stats(prices) : null;
    return tech.map(function (t, o) { return t + (s ? n * fraction(formula, prices[o], s) : 0); });
  }
  function ranks(ts) {
    return ts.map(function (t) { return 1 + ts.filter(function (x) { return x > t + TIE; }).length; });
  }

  function recompute() {
    var g = read();
    var scale = val("grid-scale") || 20;
    var formula = document.getElementById("grid-formula").value;
    var oursSel = document.getElementById("grid-ours").value;
    var ours = oursSel === "" ? -1 : Number(oursSel);
    var points = [], tech = [], prices = [], complete = true;
    g.crit.forEach(function (c) {
      document.getElementById("share-" + c.i).textContent = fr(g.shares[c.i] * 100, 2);
    });
    for (var o = 0; o < g.offers; o++) {
      var t = 0;
      points[o] = {};
      g.crit.forEach(function (c) {
        if (c.price || !c.leaf) { return; }
        var m = val("m" + o + "_" + c.i);
        if (m === null || isNaN(m) || m < 0 || m > scale) { complete = false; return; }
        points[o][c.i] = m / scale * g.shares[c.i] * 100;
        t += points[o][c.i];
      });
      tech[o] = t;
      var p = val("p" + o);
      if (g.crit.some(function (c) { return c.price; }) && (p === null || isNaN(p) || p <= 0)) { complete = false; }
      prices[o] = p;
    }
    if (!complete) { return; }
    var ts = totals(g, scale, formula, prices, tech);
    var rk = ranks(ts);
    // Price points are what the total adds to the technical points; parents sum children.
    var priceRow = g.crit.filter(function (c) { return c.price; })[0];
    for (o = 0; o < g.offers; o++) {
      if (priceRow) { points[o][priceRow.i] = ts[o] - tech[o]; }
      for (var k = g.crit.length - 1; k >= 0; k--) {
        var c = g.crit[k];
        if (c.parent >= 0 && points[o][c.i] !== undefined) {
          points[o][c.parent] = (points[o][c.parent] || 0) + points[o][c.i];
        }
      }
    }
    var best = Math.max.apply(null, ts);
    for (o = 0; o < g.offers; o++) {
      document.getElementById("total-" + o).textContent = fr(ts[o], 2);
      document.getElementById("rank-" + o).textContent = String(rk[o]);
      document.getElementById("gap-" + o).textContent = fr(best - ts[o], 2);
      var bar = document.getElementById("bar-" + o);
      if (bar) { bar.setAttribute("width", String(Math.max(0, ts[o] * 3))); }
      g.crit.forEach(function (c) {
        var cell = document.getElementById("pts-" + o + "-" + c.i);
        if (cell && points[o][c.i] !== undefined) { cell.textContent = fr(points[o][c.i], 2); }
      });
    }
    var live = document.getElementById("break-even-live");
    if (live && ours >= 0 && g.crit.some(function (c) { return c.price; })) {
      live.textContent = breakEven(g, scale, formula, prices, tech, ours);
    }
  }

  // Highest price in cents at which our offer still ranks first, by bisection (the server
  // does the same search, exact to the cent).
  function breakEven(g, scale, formula, prices, tech, me) {
    function first(cents) {
      var ps = prices.slice(); ps[me] = cents / 100;
      var ts = totals(g, scale, formula, ps, tech);
      return ts.every(function (t, i) { return i === me || t <= ts[me] + TIE; });
    }
    var lo = 1, hi = Math.ceil(Math.max.apply(null, prices) * 1000 * 100);
    if (!first(lo)) { return "—"; }
    if (first(hi)) { return "∞"; }
    while (hi - lo > 1) { var mid = Math.floor((lo + hi) / 2); if (first(mid)) { lo = mid; } else { hi = mid; } }
    return fr(lo / 100, 2) + " € HT";
  }

  document.getElementById("grid-form").addEventListener("input", recompute);
  document.getElementById("grid-form").addEventListener("change", recompute);
  recompute();
})();

// Price grid: the totals of our priced lines (HT, VAT line by line at its own rate, TTC,
// cost, margin in value and as a share of the price HT) recomputed as a cost or a margin is
// typed. The same formulas as the server (src/grid/price.rs), which is authoritative on save.
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
      var inputs = row.querySelectorAll("input");
      var c = num(inputs[0]);
      var m = num(inputs[1]);
      if (row.getAttribute("data-q") === "" || !isFinite(q) || c === null || isNaN(c) || c < 0) { return; }
      m = (m === null || isNaN(m)) ? 0 : m / 100;
      if (m >= 1) { return; }
      var p = c / (1 - m);
      var rate = Number(row.getAttribute("data-vat")) / 10000;
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
