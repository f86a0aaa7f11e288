/* "Colour by" in the browser (explorer/colour.py): colour the graph's nodes by the chosen
   mode and show its legend, with no server round trip, no new elements and no new
   positions.

   The one stylesheet holds every mode's rules, each scoped to a class (colour-growth...,
   explorer/stylesheet.py colour_rules); choosing a mode moves every node to that class, in
   one batch, so Cytoscape restyles only the colours. (Swapping the stylesheet restyles
   every property of every element, labels included, and a new stylesheet prop also
   re-renders the graph component: about a second on the US default view.) Nodes drawn
   later, or whose classes a redraw rewrites, get the class back.

   A choice in the group is caught before Dash hears of it (capture phase, then stopped):
   the graph is repainted, the legend shown and the address updated in place first
   (history.replaceState; the controller reads the control with every other change), and
   Dash is told the control's value only once that frame is on screen (its handling of a
   prop change blocks the page for a while). The clientside callback colour.apply paints
   the value Dash holds: at load, and when the controller writes it from an address.

   The hover text (explorer.js) asks window.__wowColourNote for the node's figure. */
(function () {
    var mode = "tier";      /* the mode the graph is painted with */
    var bound = null;       /* the Cytoscape instance the add listener is on */
    function graphCy() {
        var el = document.getElementById("graph");
        return el && el._cyreg ? el._cyreg.cy : null;
    }
    function cls(m) { return "colour-" + m; }
    /* Paint the graph in ``wanted`` once it exists; true when it is painted so. */
    function paint(wanted) {
        var cy = graphCy();
        if (!cy) { return false; }
        if (wanted !== "tier" && cy !== bound) {  /* tier: the page's listeners only */
            bound = cy;
            /* Nodes drawn later, and nodes whose classes a redraw rewrote (a focus, a
               path), take the mode's class again. */
            cy.on("add class", "node", function (evt) {
                if (mode !== "tier" && !evt.target.hasClass(cls(mode))) {
                    evt.target.addClass(cls(mode));
                }
            });
        }
        if (wanted !== mode) {
            var nodes = cy.nodes();
            var old = mode;
            mode = wanted;  /* first: the class listener must not put the old class back */
            cy.batch(function () {
                if (old !== "tier") { nodes.removeClass(cls(old)); }
                if (wanted !== "tier") { nodes.addClass(cls(wanted)); }
            });
        }
        return true;
    }
    function paintWhenDrawn(wanted, attempts) {
        if (!paint(wanted) && attempts < 100) {
            window.setTimeout(function () { paintWhenDrawn(wanted, attempts + 1); }, 50);
        }
    }
    function legends(shown) {
        var all = document.querySelectorAll("[data-colour-mode]");
        for (var i = 0; i < all.length; i++) {
            all[i].hidden = all[i].getAttribute("data-colour-mode") !== shown;
        }
    }
    function remember(wanted) {
        var params = new URLSearchParams(window.location.search);
        if (wanted === "tier") { params.delete("colour"); } else { params.set("colour", wanted); }
        var query = params.toString().replace(/%2C/g, ",");
        window.history.replaceState(window.history.state, "",
                                    window.location.pathname + (query ? "?" + query : ""));
    }
    var pending = null;
    function choose(event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || input.type !== "radio" ||
                !input.closest("#colour-by")) {
            return;
        }
        event.stopPropagation();
        if (event.type !== "click") { return; }
        var wanted = input.value;
        paint(wanted);
        legends(wanted);
        remember(wanted);
        pending = wanted;
        requestAnimationFrame(function () {
            requestAnimationFrame(function () {
                window.setTimeout(function () {
                    var set = window.dash_clientside && window.dash_clientside.set_props;
                    if (pending === wanted && set) { set("colour-by", {value: wanted}); }
                }, 0);
            });
        });
    }
    document.addEventListener("click", choose, true);
    document.addEventListener("change", choose, true);
    /* For the benchmark (bench/bench_colour.py): the repaint alone, without the click. */
    window.__wowColourPaint = function (wanted) { paint(wanted); return mode; };

    function number(v) { return typeof v === "number" && isFinite(v) ? v : null; }
    function money(v) { return "$" + Math.round(v).toLocaleString("en-US"); }
    var NOTES = {
        growth: function (d) {
            var g = number(d.growth_pct);
            return g === null ? "projected growth: no figure"
                : "projected growth 2024-34: " + (g > 0 ? "+" : "") + g.toFixed(1) + "%";
        },
        wage: function (d) {
            var w = number(d.median_wage);
            if (w === null) { w = number(d.bls_median_wage); }
            return w === null ? "median wage: no figure" : "median wage " + money(w);
        },
        zone: function (d) {
            var z = number(d.job_zone);
            return z === null ? "Job Zone: no figure" : "Job Zone " + z;
        },
        outlook: function (d) {
            if (d.bright_outlook) {
                return "Bright Outlook: " + String(d.bright_outlook).split("|").join(", ");
            }
            return d.colour_outlook === undefined ? "Bright Outlook: no figure"
                : "not Bright Outlook";
        }
    };
    window.__wowColourNote = function (data) {
        var note = NOTES[mode];
        return note && data && data.tier !== "need" && !data.title ? note(data) : "";
    };
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        colour: {
            /* The control's value as Dash holds it: paint it and show its legend. */
            apply: function (wanted) {
                var shown = document.querySelector("[data-colour-mode='" + wanted + "']")
                    ? wanted : "tier";
                pending = null;
                paintWhenDrawn(shown, 0);
                legends(shown);
                return shown;
            }
        }
    });
})();
