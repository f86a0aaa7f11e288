/* Client-side callbacks of the Web of Work Explorer (no inline scripts, so the CSP holds). */

/* Room left round a fitted drawing, in pixels: FIT_PADDING of explorer/graphview.py, the
   layout's own fit (tests/test_elements.py checks that they agree). */
var FIT_PADDING = 20;
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    explorer: {
        /* Fit a focus view once its elements are drawn: wait until Cytoscape holds the
           view's element count, then fit after its layout stops (and once more shortly
           after, in case the layout already ran). The whole drawing fills the graph
           area, so the focused node, part of it, is in view. */
        centre: function (request) {
            if (!request || !request.node) {
                return window.dash_clientside.no_update;
            }
            var attempts = 0;
            var fitView = function (cy) {
                var node = cy.getElementById(request.node);
                if (!node || node.empty()) { return; }
                cy.stop();
                cy.fit(cy.elements(), FIT_PADDING);
            };
            var run = function () {
                var el = document.getElementById("graph");
                var cy = el && el._cyreg && el._cyreg.cy;
                var ready = cy && cy.elements().length === request.count &&
                    cy.getElementById(request.node).nonempty();
                if (!ready) {
                    if (attempts++ < 100) {
                        window.setTimeout(run, 30);
                    }
                    return;
                }
                cy.one("layoutstop", function () { fitView(cy); });
                window.setTimeout(function () { fitView(cy); }, 60);
                window.setTimeout(function () { fitView(cy); }, 300);
            };
            run();
            return request.view;
        },
        /* Set the selection (or its "Path to..." path) apart once it is drawn
           (window.__wowHighlight, below); the server never redraws for a selection
           alone. */
        select: function (state) {
            if (window.__wowHighlight) { window.__wowHighlight.follow(state); }
            if (window.__wowReveal) { window.__wowReveal(state); }
            return (state && state.selected) || null;
        },
        /* Bring the Details tab forward after a tap on the graph or a search choice;
           when it is already in front, change nothing (rewriting the tabs' value
           re-renders every tab, which costs a click tens of milliseconds). */
        showDetails: function (nav, current) {
            var wanted = nav && (nav.action === "tap" || nav.source === "search");
            if (!wanted || current === "details") {
                return window.dash_clientside.no_update;
            }
            return "details";
        },
        /* Collapse the filter sidebar on narrow screens when the page opens. */
        sidebarOpen: function () {
            /* the page is served open: only a narrow screen changes it */
            return window.innerWidth > 900 ? window.dash_clientside.no_update : false;
        }
    }
});

/* Hover tooltip: label, tier and code of the node under the pointer (for a group, what it
   holds and what a click does); the tier by its display name, as everywhere else (the
   box's data-tier-labels, "id=Label|..."), and the tooltip goes with its node when a
   redraw removes it (a group a click expanded). Bound straight to
   Cytoscape's events (no Dash callback), so moving the mouse while zooming costs no
   renderer work. Also tunes the renderer for large views. */
(function () {
    var bound = null;
    /* dash-cytoscape writes props back to Dash on every tap (tapNode: the node's every
       edge and neighbour), every hover (mouseoverNodeData...), every pan or zoom step
       (extent), every selection change (selectedNodeData) and after every redraw
       (elements, serialising each element). Each write re-renders the graph component,
       which re-diffs every element, and none of these props is read by the explorer
       (taps reach the controller through the nav-request store, bound below). No prop
       of dash-cytoscape turns these off, so its listeners are unbound here.

       WRITE_BACKS names each listener Cytoscape.react.js (handleCy) binds in
       dash-cytoscape 1.0.2 that is to go: the events one callback is bound to (the whole
       set, as in its cy.on call), the selector, and what its code does. An entry is
       removed only when exactly one callback fits it; anything else is left alone.
       window.__wowCyListeners reports the outcome for the current graph:
       removed (name, events, selector), missing (no callback fits: dash-cytoscape
       changed), ambiguous (several fit) and kept (the listeners left, "event selector").
       tests/browser/test_cytoscape_listeners.py pins all four. */
    var DEBOUNCED_CALL = /^function\s*\(\w*\)\s*\{\s*\w+\(\)\s*;?\s*\}$/;
    var WRITE_BACKS = [
        {name: "tapNode", events: "tap", selector: "node",
         code: /setProps\(\{\s*tapNode\s*:/},
        {name: "tapEdge", events: "tap", selector: "edge",
         code: /setProps\(\{\s*tapEdge\s*:/},
        {name: "mouseoverNodeData", events: "mouseover", selector: "node",
         code: /setProps\(\{\s*mouseoverNodeData\s*:/},
        {name: "mouseoverEdgeData", events: "mouseover", selector: "edge",
         code: /setProps\(\{\s*mouseoverEdgeData\s*:/},
        {name: "mouseoverNodeData cleared", events: "mouseout", selector: "node",
         code: /mouseoverNodeData\s*:\s*null/},
        {name: "mouseoverEdgeData cleared", events: "mouseout", selector: "edge",
         code: /mouseoverEdgeData\s*:\s*null/},
        {name: "selectedNodeData select", events: "select", selector: "node",
         code: /\.merge\(/},
        {name: "selectedNodeData unselect", events: "unselect remove", selector: "node",
         code: /\.unmerge\(/},
        {name: "selectedEdgeData select", events: "select", selector: "edge",
         code: /\.merge\(/},
        {name: "selectedEdgeData unselect", events: "unselect remove", selector: "edge",
         code: /\.unmerge\(/},
        {name: "extent", events: "resize viewport", selector: null,
         code: /\.extent\(\)/},
        {name: "elements", events: "dragfree add remove", selector: null,
         code: DEBOUNCED_CALL},
        /* autoRefreshLayout is off, so this one only arms a timer per element added */
        {name: "refreshLayout", events: "add remove", selector: null,
         code: DEBOUNCED_CALL},
        /* cy.resize() 50 ms after every press: a full redraw landing while a click's
           answer is awaited (Cytoscape and the refit below follow real resizes) */
        {name: "resize on tapstart", events: "tapstart", selector: null,
         code: DEBOUNCED_CALL}
    ];
    function eventSet(events) { return events.split(" ").sort().join(" "); }
    /* The listeners of cy, one entry per callback: its events, selector and code. */
    function bindings(listeners) {
        var byCallback = new Map();
        listeners.forEach(function (l) {
            var entry = byCallback.get(l.callback);
            if (!entry) {
                entry = {callback: l.callback, listeners: [], events: [],
                         selector: l.qualifier ? String(l.qualifier) : null,
                         namespaced: Boolean(l.namespace), code: String(l.callback)};
                byCallback.set(l.callback, entry);
            }
            entry.listeners.push(l);
            entry.events.push(l.event);
        });
        return Array.from(byCallback.values());
    }
    function unbindWriteBacks(cy) {
        var emitter = cy.emitter && cy.emitter();
        var listeners = emitter && emitter.listeners;
        var report = {removed: [], missing: [], ambiguous: [], kept: []};
        window.__wowCyListeners = report;
        if (!Array.isArray(listeners)) {
            report.missing = WRITE_BACKS.map(function (w) { return w.name; });
            return;
        }
        var found = bindings(listeners);
        WRITE_BACKS.forEach(function (w) {
            var fits = found.filter(function (b) {
                return !b.namespaced && b.selector === w.selector &&
                    eventSet(b.events.join(" ")) === eventSet(w.events) && w.code.test(b.code);
            });
            if (fits.length !== 1) {
                (fits.length ? report.ambiguous : report.missing).push(w.name);
                return;
            }
            fits[0].listeners.forEach(function (l) {
                cy.removeListener(l.event, l.qualifier, l.callback);
            });
            report.removed.push({name: w.name, events: fits[0].events.slice(),
                                 selector: w.selector});
        });
        report.kept = emitter.listeners.map(function (l) {
            return l.qualifier ? l.event + " " + String(l.qualifier) : l.event;
        });
    }
    function tierLabel(box, tier) {
        var pairs = (box.getAttribute("data-tier-labels") || "").split("|");
        for (var i = 0; i < pairs.length; i++) {
            var cut = pairs[i].indexOf("=");
            if (cut > 0 && pairs[i].slice(0, cut) === tier) { return pairs[i].slice(cut + 1); }
        }
        return tier;
    }
    function text(node, box) {
        var d = node.data();
        if (d.title) { return String(d.title); }  /* a "+N" group says what it holds */
        var parts = [String(d.label || d.id)];
        if (d.tier) { parts.push(tierLabel(box, String(d.tier))); }
        if (d.code) { parts.push(String(d.code)); }
        /* the figure "Colour by" paints (assets/colour.js) */
        var figure = window.__wowColourNote ? window.__wowColourNote(d) : "";
        if (figure) { parts.push(figure); }
        return parts.join(" \u00b7 ");
    }
    function bind() {
        var el = document.getElementById("graph");
        var cy = el && el._cyreg && el._cyreg.cy;
        var box = document.getElementById("hover-info");
        if (cy && box && cy !== bound) {
            bound = cy;
            unbindWriteBacks(cy);
            var hovered = null;
            cy.on("mouseover", "node", function (evt) {
                if (!evt.target.hasClass("ring")) {
                    hovered = evt.target;
                    box.textContent = text(evt.target, box);
                }
            });
            cy.on("mouseout", "node", function () { hovered = null; box.textContent = ""; });
            /* A node removed under the pointer gets no mouseout. */
            cy.on("remove", "node", function (evt) {
                if (hovered && evt.target.same(hovered)) { hovered = null; box.textContent = ""; }
            });
            /* A tap goes straight to the state controller through the nav-request store.
               dash-cytoscape's own tap write-back (tapNode, unbound above) describes the
               node's every edge and neighbour and re-renders the graph component, which
               re-diffs every element before the request even leaves. The node is set
               apart by window.__wowHighlight. On a touch
               screen the node is the one a finger reaches unambiguously, else the spot
               is zoomed in on (window.__wowTouch); a tap on the background clears the
               highlight. */
            cy.on("tap", function (evt) {
                var node = evt.target !== cy && evt.target.isNode() ? evt.target : null;
                /* A click inside a node's circle means that node, even where its shape
                   (a star's notches, a diamond's corners) leaves the background or a link
                   under the pointer: links have no action of their own. */
                if (!node && evt.renderedPosition && window.__wowTouch) {
                    var under = window.__wowTouch.nearest(cy, evt.renderedPosition).best;
                    if (under && under.gap === 0) { node = under.node; }
                }
                var finger = window.__wowTouch ? window.__wowTouch.pick(cy, evt) : null;
                if (finger) {
                    if (finger.zoomed) { return; }
                    node = finger.node;
                }
                var light = window.__wowHighlight;
                if (!node) {
                    if ((finger || evt.target === cy) && light) { light.dismiss(cy); }
                    return;
                }
                var set = window.dash_clientside && window.dash_clientside.set_props;
                if (!set || node.hasClass("ring")) { return; }
                set("nav-request", {data: {node: node.id(), action: "tap", ts: Date.now()}});
                window.__wowTapped = {id: node.id(), t: Date.now()};  /* a tap does not move the view */
                if (light && !node.hasClass("group")) { light.tapped(cy, node.id()); }
                if (finger) { window.__wowTouch.bringDetails(node); }
            });
            cy.container().addEventListener("mouseleave", function () { box.textContent = ""; });
            /* Cytoscape keeps where its box sits on the page and renews that on a resize
               or a scroll, not when the box only moves (the sidebar folding away above it
               on a phone): a press, or the pointer coming over the graph, reads it afresh
               (one getBoundingClientRect), so taps land where they are aimed. */
            var renew = function () {
                var renderer = cy.renderer && cy.renderer();
                if (renderer && renderer.invalidateContainerClientCoordsCache) {
                    renderer.invalidateContainerClientCoordsCache();
                }
            };
            ["pointerover", "pointerdown", "mousedown", "touchstart"].forEach(function (type) {
                cy.container().parentNode.addEventListener(type, renew,
                                                           {capture: true, passive: true});
            });
            /* Large views: draw edges only when the viewport is still, so zoom and pan
               keep a steady frame rate (Cytoscape's hideEdgesOnViewport option). */
            var tuning = false;  /* one check per redraw, not one per element */
            var tune = function () {
                tuning = false;
                var renderer = cy.renderer && cy.renderer();
                if (renderer) { renderer.hideEdgesOnViewport = cy.edges().length > 150; }
            };
            cy.on("add remove", function () {
                if (!tuning) { tuning = true; window.setTimeout(tune, 0); }
            });
            tune();
        }
    }
    /* Bound before the graph's first frame is painted (a click as soon as it shows must
       open its details), then checked twice a second for a graph drawn anew. */
    (function early() {
        bind();
        if (!bound) { window.requestAnimationFrame(early); }
    })();
    window.setInterval(bind, 500);
})();

/* The selection set apart, in the browser (no callback, no layout run): the selected node
   (class selected-node), its links (near-link) and neighbours (neighbour, labels drawn
   at any zoom) drawn in full over a veil that fades every other element; with a "Path
   to..." path drawn (class on-path, from the server), the path instead. Escape or a tap
   on the background clears it until the selection changes. Also: the graph fits again
   when its box changes size (window or panel).

   The part set apart is drawn by a lens: a second Cytoscape drawing laid over the graph
   (a transparent box that takes no pointer: taps, hovers and wheels reach the graph
   under it), on a veil of the graph's background colour (style.css .graph-lens.on), with
   copies of the node, its links and neighbours (their classes, plus the marks), at the
   graph's pan and zoom. Setting a node apart then restyles and draws only its
   neighbourhood: the graph's own elements change neither class nor style, so Cytoscape
   neither restyles nor draws again the thousand elements the veil fades (marking them
   with a class cost a restyle of each, about 80 ms on the US default view). */
(function () {
    var current = {key: null, selected: null, pathTo: null, dismissed: false};
    var token = 0;
    var watched = null;

    function graphCy() {
        var el = document.getElementById("graph");
        return el && el._cyreg ? el._cyreg.cy : null;
    }
    /* The lens made for the graph cy, or null (none yet, or one of an earlier instance). */
    function ownLens(cy) {
        var lens = cy && cy.container().__wowLens;
        return lens && lens.main === cy ? lens : null;
    }
    /* The lens of the graph cy (made once per Cytoscape instance): {main, box, cy, on}. */
    function lensOf(cy) {
        var host = cy.container();
        var lens = ownLens(cy);
        if (lens) { return lens; }
        lens = host.__wowLens;
        if (lens) {  /* the graph was drawn anew by another Cytoscape instance */
            lens.cy.destroy();
            lens.box.remove();
        }
        var box = document.createElement("div");
        box.className = "graph-lens";
        box.setAttribute("aria-hidden", "true");
        host.appendChild(box);
        /* cy.constructor is Cytoscape's own core (what cytoscape(options) news): the
           bundle exposes no other handle (tests/browser/test_explore_loop.py checks it). */
        var view = new cy.constructor({
            container: box, style: cy.style().json(), elements: [],
            zoom: cy.zoom(), pan: cy.pan(), minZoom: cy.minZoom(), maxZoom: cy.maxZoom(),
            userZoomingEnabled: false, userPanningEnabled: false, boxSelectionEnabled: false,
            autoungrabify: true, autounselectify: true
        });
        lens = host.__wowLens = {main: cy, box: box, cy: view, on: false};
        var follow = function () {
            if (lens.on) { view.viewport({zoom: cy.zoom(), pan: cy.pan()}); }
        };
        cy.on("viewport", follow);
        cy.on("resize", function () { view.resize(); follow(); });
        return lens;
    }
    /* What to set apart: the node with its neighbours and links, or the path when it is
       drawn ({node, near, links, path, complete}); null when the node is not drawn. */
    function marks(cy) {
        var node = cy.getElementById(current.selected);
        if (node.empty()) { return null; }
        if (current.pathTo) {
            var path = cy.nodes(".on-path");
            if (path.anySame(node) && path.anySame(cy.getElementById(current.pathTo))) {
                return {node: node, near: path, links: cy.edges(".on-path"), path: true,
                        complete: true};
            }
        }
        return Object.assign(around(node), {complete: !current.pathTo});
    }
    /* A node with its links and the nodes at their other ends. */
    function around(node) {
        var links = node.connectedEdges();
        return {node: node, near: links.connectedNodes().union(node), links: links,
                path: false};
    }
    /* The element as the lens draws it: its data, position and classes, plus its mark. */
    function copy(ele, mark) {
        var out = {group: ele.group(), data: Object.assign({}, ele.data()),
                   classes: ele.classes().concat(mark ? [mark] : [])};
        if (ele.isNode()) {
            var p = ele.position();
            out.position = {x: p.x, y: p.y};
        }
        return out;
    }
    /* The copies of the elements set apart, marked: nodes first (a link's ends must be
       there before it). */
    function copies(m) {
        var out = [];
        m.near.forEach(function (n) {
            if (!n.hasClass("ring")) {
                out.push(copy(n, n.same(m.node) ? "selected-node" : "neighbour"));
            }
        });
        m.links.forEach(function (e) { out.push(copy(e, m.path ? "" : "near-link")); });
        return out;
    }
    function clear(cy) {
        var lens = ownLens(cy);
        if (!lens || !lens.on) { return; }
        lens.on = false;
        lens.key = null;
        lens.box.classList.remove("on");
        lens.cy.elements().remove();
    }
    function paint(cy, m) {
        var lens = lensOf(cy);
        var eles = copies(m);
        var key = JSON.stringify(eles);
        if (lens.on && key === lens.key) { return; }  /* drawn already: nothing changes */
        lens.key = key;
        lens.cy.batch(function () {
            lens.cy.elements().remove();
            lens.cy.add(eles);
        });
        lens.cy.viewport({zoom: cy.zoom(), pan: cy.pan()});
        if (!lens.on) {
            lens.on = true;
            lens.box.classList.add("on");
        }
    }
    /* Draw the current highlight; true when done (false: wait for the node or the path). */
    function refresh(cy) {
        if (!current.selected || current.dismissed) { clear(cy); return true; }
        var m = marks(cy);
        if (!m) { clear(cy); return false; }
        paint(cy, m);
        return m.complete;
    }
    /* New elements (a redraw) get the highlight too. */
    function watch(cy) {
        if (watched === cy) { return; }
        watched = cy;
        var pending = false;
        /* a redraw adds, removes or moves elements, or changes their data or classes
           (a bend, a "Colour by" mode): the lens draws them again, once per burst */
        cy.on("add remove position data class", function () {
            if (pending || !current.selected) { return; }
            pending = true;
            window.setTimeout(function () { pending = false; refresh(cy); }, 0);
        });
    }
    function setCurrent(selected, pathTo) {
        var key = (selected || "") + "|" + (pathTo || "");
        if (key !== current.key) {
            current = {key: key, selected: selected, pathTo: pathTo, dismissed: false};
        }
        return ++token;
    }
    window.__wowHighlight = {
        /* The view state changed: highlight its selection once it is drawn. */
        follow: function (state) {
            var mine = setCurrent((state && state.selected) || null,
                                  (state && state.path_to) || null);
            var attempts = 0;
            var run = function () {
                if (mine !== token) { return; }
                var cy = graphCy();
                if (cy) { watch(cy); }
                var done = cy ? refresh(cy) : false;
                if (!done && attempts++ < 100) { window.setTimeout(run, 30); return; }
                /* once more, after a redraw that replaced the elements' classes */
                window.setTimeout(function () { if (mine === token) { refresh(cy); } }, 300);
            };
            run();
        },
        /* A node tapped on the graph. A new selection is set apart when the answer
           (details and state together) has come (follow): repainting the whole graph
           first would hold that answer back by a frame. The selection itself, cleared
           by Escape, is set apart again at once (its state does not change). */
        tapped: function (cy, id) {
            if (id === current.selected && !current.pathTo) { this.show(cy, id); }
        },
        /* Set a node apart now. */
        show: function (cy, id) {
            setCurrent(id, null);
            current.dismissed = false;
            watch(cy);
            refresh(cy);
        },
        /* Escape or the background: no highlight until the selection changes. */
        dismiss: function (cy) {
            current.dismissed = true;
            token++;
            clear(cy);
        },
        /* The node set apart now (null: none) and the lens's Cytoscape drawing: for
           zooming to the selection, tests and benchmarks. */
        selected: function () {
            var lens = ownLens(graphCy());
            return lens && lens.on ? current.selected : null;
        },
        lens: function () {
            var lens = ownLens(graphCy());
            return lens ? lens.cy : null;
        }
    };
    /* The lens is made and drawn once, hidden, before the first selection needs it (a new
       Cytoscape instance and its first frame: about 15-30 ms and 30-80 ms): when the
       pointer first comes over the graph, or in idle time 3 s after a graph is drawn,
       never while the first view is still being drawn. */
    var preparing = false;
    var drawnAt = null;
    function prepare(wait) {
        var cy = graphCy();
        if (preparing || !cy || !cy.elements().length || ownLens(cy)) { return; }
        if (drawnAt === null || drawnAt.cy !== cy) { drawnAt = {cy: cy, t: Date.now()}; }
        if (Date.now() - drawnAt.t < wait) { return; }
        preparing = true;
        var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 200); };
        idle(function () {
            preparing = false;
            if (graphCy() !== cy) { return; }
            /* drawn once, hidden, with a need's neighbourhood: its canvases, fonts and
               caches are set up before the first selection */
            var lens = lensOf(cy);
            var need = cy.nodes(".need").first();
            if (need.empty() || lens.on) { return; }
            lens.cy.add(copies(around(need)));
            lens.cy.viewport({zoom: cy.zoom(), pan: cy.pan()});
            window.setTimeout(function () { if (!lens.on) { lens.cy.elements().remove(); } }, 500);
        }, {timeout: 3000});
    }
    window.setInterval(function () { prepare(3000); }, 500);
    document.addEventListener("pointerover", function (event) {
        var el = document.getElementById("graph");
        if (el && event.target instanceof Node && el.contains(event.target)) { prepare(0); }
    }, {capture: true, passive: true});
    document.addEventListener("keydown", function (event) {
        var t = event.target instanceof Element ? event.target : null;
        if (event.key !== "Escape" || event.defaultPrevented || (t && t.closest(
                "input, textarea, select, [contenteditable='true'], [role='combobox']"))) {
            return;
        }
        var cy = graphCy();
        if (cy) { window.__wowHighlight.dismiss(cy); }
    });
    /* When the graph's box changes size (not on the first report): a graph shown whole is
       fitted again; one the user has zoomed into keeps the point at its centre, at the
       same zoom (a breadcrumb wrapping onto a second line must not move what is looked at). */
    function shownWhole(cy, width, height) {
        var bb = cy.elements().boundingBox();
        var zoom = cy.zoom();
        var pan = cy.pan();
        var slack = 2 / zoom;  /* rounding, in model units */
        var inside = bb.x1 >= -pan.x / zoom - slack && bb.x2 <= (width - pan.x) / zoom + slack &&
            bb.y1 >= -pan.y / zoom - slack && bb.y2 <= (height - pan.y) / zoom + slack;
        var whole = Math.min((width - 2 * FIT_PADDING) / Math.max(bb.w, 1),
                             (height - 2 * FIT_PADDING) / Math.max(bb.h, 1));
        return inside && zoom <= whole * 1.02;
    }
    function followResize(cy, before) {
        var zoom = cy.zoom();
        var pan = cy.pan();
        var whole = shownWhole(cy, before.width, before.height);
        var centre = {x: (before.width / 2 - pan.x) / zoom, y: (before.height / 2 - pan.y) / zoom};
        cy.resize();
        cy.stop();
        if (whole) {
            cy.fit(cy.elements(), FIT_PADDING);
        } else {
            cy.pan({x: cy.width() / 2 - centre.x * zoom, y: cy.height() / 2 - centre.y * zoom});
        }
    }
    var sized = null;
    function watchSize() {
        var el = document.getElementById("graph");
        if (!el || el === sized || !window.ResizeObserver) { return; }
        sized = el;
        var last = null;
        var before = null;
        var timer = null;
        new ResizeObserver(function (entries) {
            var r = entries[entries.length - 1].contentRect;
            if (r.width < 1 || r.height < 1) { return; }
            var size = {width: r.width, height: r.height};
            if (last === null || (size.width === last.width && size.height === last.height)) {
                last = size;
                return;
            }
            if (timer === null) { before = last; }  /* the size before this burst */
            last = size;
            window.clearTimeout(timer);
            timer = window.setTimeout(function () {
                timer = null;
                var cy = graphCy();
                if (cy) { followResize(cy, before); }
            }, 100);
        }).observe(el);
    }
    watchSize();
    window.setInterval(watchSize, 500);
})();

/* Taps on a touch screen (window.__wowTouch, used by the graph's tap listener): a
   fingertip covers many nodes of a zoomed-out graph, so a tap picks the nearest node
   within REACH px only when no other node is within CLEAR times that distance (never
   less than CLEAR * SLOP, a finger's error), else zooms in on the spot; after a pick on
   a narrow screen the details are scrolled into view. */
(function () {
    var REACH = 24;
    var SLOP = 10;
    var CLEAR = 1.5;
    var NARROW = 900;         /* one column below it (style.css) */
    function isTouch(e) {
        return Boolean(e) && (String(e.type).indexOf("touch") === 0 || e.pointerType === "touch");
    }
    /* Nearer the point: a smaller gap to the circle, then (inside several) the nearer centre. */
    function closer(a, b) { return a.gap < b.gap || (a.gap === b.gap && a.dist < b.dist); }
    window.__wowTouch = {
        /* null for a mouse tap; else {node} (null: nothing within reach) or {zoomed}. */
        /* The two drawn nodes nearest the rendered point p, as {node, gap}: gap is how far
           p is from the node's circle, 0 inside it (a star's notches included). */
        nearest: function (cy, p) {
            var best = null;
            var second = null;
            cy.nodes().not(".ring, .ring-title").forEach(function (n) {
                if (!n.visible()) { return; }
                var q = n.renderedPosition();
                var dist = Math.hypot(q.x - p.x, q.y - p.y);
                var hit = {node: n, gap: Math.max(0, dist - n.renderedWidth() / 2), dist: dist};
                if (!best || closer(hit, best)) { second = best; best = hit; }
                else if (!second || closer(hit, second)) { second = hit; }
            });
            return {best: best, second: second};
        },
        pick: function (cy, evt) {
            if (!isTouch(evt.originalEvent) || !evt.renderedPosition) { return null; }
            var p = evt.renderedPosition;
            var near = this.nearest(cy, p);
            var best = near.best;
            var second = near.second;
            if (!best || best.gap > REACH) { return {node: null}; }
            var room = CLEAR * Math.max(best.gap, SLOP);
            if (!second || second.gap > room) { return {node: best.node}; }
            var factor = Math.max(2, Math.min(4, room / Math.max(second.gap - best.gap, 1)));
            var level = Math.min(cy.maxZoom(), cy.zoom() * factor);
            cy.stop();
            cy.animate({zoom: {level: level, renderedPosition: {x: p.x, y: p.y}}},
                       {duration: 200});
            return {zoomed: true};
        },
        /* Once the details show the node, scroll them into view on a narrow screen. */
        bringDetails: function (node) {
            if (window.innerWidth > NARROW) { return; }
            var label = String(node.data("label") || node.id()).trim();
            var tries = 0;
            var wait = function () {
                var title = document.querySelector("#details .details-title");
                if (title && title.textContent.trim() === label) {
                    title.scrollIntoView({block: "start"});
                    return;
                }
                if (tries++ < 100) { window.setTimeout(wait, 50); }
            };
            wait();
        }
    };
})();

/* One click handler for every "move there" button (details panel: data-node) and every
   breadcrumb button (data-crumb): they write the nav-request / crumb-request stores that
   the state controller listens to. Buttons react to Enter and Space like any button. A
   data-action (the what-if buttons: whatif-add, whatif-drop, whatif-clear; the cap
   notice's group buttons: expand, make-room, fold-group, with a group id as node)
   replaces "select" as what the controller does with the node. Routed here, a redrawn
   notice costs no callback request. */
document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (!target || !set) { return; }
    var node = target.closest("button[data-node]");
    if (node) {
        set("nav-request", {data: {node: node.getAttribute("data-node"),
                                   action: node.getAttribute("data-action") || "select",
                                   ts: Date.now()}});
        return;
    }
    var crumb = target.closest("button[data-crumb]");
    if (crumb) {
        set("crumb-request", {data: {index: parseInt(crumb.getAttribute("data-crumb"), 10),
                                     ts: Date.now()}});
        return;
    }
    /* "Hide jobs" (data-narrow: a tier) unticks that tier: the tier checklist's value,
       patched where Dash holds it, is what the controller then reads. */
    var narrow = target.closest("button[data-narrow]");
    if (narrow && window.dash_clientside.Patch) {
        set("tier-toggles", {value: new window.dash_clientside.Patch()
            .remove([], narrow.getAttribute("data-narrow")).build()});
    }
});

/* A shared address (a URL with a query): the page is served with the default view drawn,
   so the graph stays hidden (class url-view-pending on <html>, see style.css) until the
   address's own view is drawn instead of flashing the default first. It shows once the
   state controller has answered the address (it always redraws the breadcrumb) and no
   callback has been in flight for QUIET_MS; never later than PENDING_MAX_MS. */
(function () {
    if (window.location.search.length < 2) { return; }
    var root = document.documentElement;
    var PENDING_MAX_MS = 4000;
    var QUIET_MS = 150;
    var started = Date.now();
    var quietSince = null;
    root.classList.add("url-view-pending");
    var check = function () {
        var now = Date.now();
        var crumbs = document.getElementById("breadcrumb");
        var answered = crumbs && crumbs.childElementCount > 0;
        var busy = document.querySelector('[data-dash-is-loading="true"]');
        quietSince = answered && !busy ? (quietSince || now) : null;
        if ((quietSince && now - quietSince >= QUIET_MS) || now - started > PENDING_MAX_MS) {
            root.classList.remove("url-view-pending");
            return;
        }
        window.setTimeout(check, 30);
    };
    check();
})();

/* Zoom and bring-into-view, all in the browser (no callback, no layout run): the zoom
   buttons over the graph (data-zoom: in, out, fit, selection), the graph's keys + - 0
   when it has focus, and window.__wowReveal, which the select callback calls so that a
   node chosen anywhere but on the graph (table, details, breadcrumb, "Path to...") is
   brought into view, with its neighbours, at a zoom where labels are drawn. */
(function () {
    var STEP = 1.25;          /* one button press or key: as gentle as a wheel notch */
    /* Labels are 12 px with min-zoomed-font-size 6 (explorer/stylesheet.py), so they are
       drawn from zoom 0.5; a revealed node gets at least 9 px labels. */
    var READABLE_ZOOM = 0.75;
    var MAX_REVEAL_ZOOM = 1.5;
    var ANIMATE_MS = 250;
    var lastKey = null;       /* selection and path last revealed */
    var movedAt = 0;          /* when the user last panned, zoomed or fitted the graph */
    var token = 0;            /* the latest reveal request; older ones give up */

    function graphCy() {
        var el = document.getElementById("graph");
        return el && el._cyreg ? el._cyreg.cy : null;
    }
    function clampZoom(cy, zoom) { return Math.max(cy.minZoom(), Math.min(zoom, cy.maxZoom())); }
    function zoomBy(cy, factor) {
        cy.stop();
        cy.animate({zoom: {level: clampZoom(cy, cy.zoom() * factor),
                           renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}},
                   {duration: 150});
    }
    function fitAll(cy) {
        cy.stop();
        cy.animate({fit: {eles: cy.elements(), padding: FIT_PADDING}}, {duration: ANIMATE_MS});
    }
    /* What to bring into view: the "Path to..." path when drawn, else the selected node
       with its drawn neighbours; null when nothing is selected or drawn yet. */
    function target(cy, selected, pathTo) {
        if (!selected) { return null; }
        var node = cy.getElementById(selected);
        if (node.empty()) { return null; }
        if (pathTo) {
            var path = cy.nodes(".on-path");
            if (path.anySame(node) && path.anySame(cy.getElementById(pathTo))) {
                return pathTarget(cy, path);
            }
            return null;
        }
        return {eles: node.closedNeighborhood().nodes().not(".ring"), centre: node,
                floor: READABLE_ZOOM};
    }
    /* The whole path, at a readable zoom if it fits at one (else as close as it fits). */
    function pathTarget(cy, path) {
        var bb = path.boundingBox();
        var fits = Math.min((cy.width() - 2 * FIT_PADDING) / Math.max(bb.w, 1),
                            (cy.height() - 2 * FIT_PADDING) / Math.max(bb.h, 1));
        return {eles: path, centre: null, floor: Math.min(READABLE_ZOOM, fits)};
    }
    function inView(cy, eles) {
        var ext = cy.extent();
        var bb = eles.boundingBox();
        return bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
    }
    /* Move the viewport to the target unless it already shows it readably: the node (or
       the path) in view at the target's zoom floor or more. */
    function reveal(cy, t, force) {
        var shown = t.centre ? t.centre : t.eles;
        if (!force && cy.zoom() >= t.floor * 0.99 && inView(cy, shown)) { return; }
        var bb = t.eles.boundingBox();
        var p = t.centre ? t.centre.position() : {x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2};
        var dx = Math.max(p.x - bb.x1, bb.x2 - p.x, 1);
        var dy = Math.max(p.y - bb.y1, bb.y2 - p.y, 1);
        var zoom = Math.min((cy.width() / 2 - FIT_PADDING) / dx,
                            (cy.height() / 2 - FIT_PADDING) / dy,
                            MAX_REVEAL_ZOOM);
        zoom = clampZoom(cy, Math.max(zoom, t.floor));
        cy.stop();
        cy.animate({zoom: zoom, pan: {x: cy.width() / 2 - p.x * zoom,
                                      y: cy.height() / 2 - p.y * zoom}},
                   {duration: ANIMATE_MS});
    }
    /* Called with the view state on each change: reveal a new selection or path once it
       is drawn, and again if a redraw's fit moves it away. */
    window.__wowReveal = function (state) {
        var selected = state && state.selected;
        var pathTo = state && state.path_to;
        var key = (selected || "") + "|" + (pathTo || "");
        /* A tap belongs to the first change after it: marked used, not cleared, so the
           record of the last tap taken stays readable (the browser tests wait on it). */
        var tap = window.__wowTapped;
        if (tap && tap.used) { tap = null; } else if (tap) { tap.used = true; }
        if (key === lastKey) { return; }
        lastKey = key;
        var mine = ++token;
        if (!selected) { return; }
        var attempts = 0;
        var started = Date.now();
        var again = function (cy, delay) {
            window.setTimeout(function () {
                /* never pull the view back from where the user has since moved it */
                if (movedAt > started) { return; }
                var t = mine === token && target(cy, selected, pathTo);
                if (t) { reveal(cy, t, false); }
            }, delay);
        };
        var run = function () {
            if (mine !== token) { return; }
            var cy = graphCy();
            var t = cy && target(cy, selected, pathTo);
            if (t && !pathTo && tapped(selected, tap)) { return; }
            if (!t) {
                if (attempts++ < 150) { window.setTimeout(run, 30); }
                return;
            }
            reveal(cy, t, false);
            again(cy, 400);
            cy.one("layoutstop", function () {
                if (Date.now() - started < 5000) { again(cy, 20); again(cy, 400); }
            });
        };
        run();
    };
    /* Was the node just tapped on the graph (the tap listener names it)? A tap leaves
       the view where it is, wherever the node has moved since (a box resized). */
    function tapped(id, tap) {
        return Boolean(tap) && tap.id === id && Date.now() - tap.t <= 3000;
    }
    document.addEventListener("pointerdown", function (event) {
        var el = document.getElementById("graph");
        if (el && event.target instanceof Node && el.contains(event.target)) {
            movedAt = Date.now();  /* perhaps the start of a pan */
        }
    }, true);
    document.addEventListener("wheel", function (event) {
        var el = document.getElementById("graph");
        if (el && event.target instanceof Node && el.contains(event.target)) { movedAt = Date.now(); }
    }, {capture: true, passive: true});
    function act(verb) {
        var cy = graphCy();
        if (!cy) { return false; }
        movedAt = Date.now();
        if (verb === "in") { zoomBy(cy, STEP); }
        else if (verb === "out") { zoomBy(cy, 1 / STEP); }
        else if (verb === "fit") { fitAll(cy); }
        else if (verb === "selection") {
            var light = window.__wowHighlight;
            var id = light && light.selected();
            var node = id ? cy.getElementById(id) : cy.collection();
            var path = cy.nodes(".on-path");
            var t = path.length > 1 && path.anySame(node)
                ? pathTarget(cy, path)
                : node.nonempty() && target(cy, node.id(), null);
            if (t) { reveal(cy, t, true); }
        } else { return false; }
        return true;
    }
    document.addEventListener("click", function (event) {
        var button = event.target instanceof Element && event.target.closest("button[data-zoom]");
        if (button) { act(button.getAttribute("data-zoom")); }
    });
    var KEYS = {"+": "in", "=": "in", "-": "out", "_": "out", "0": "fit"};
    document.addEventListener("keydown", function (event) {
        var wrap = event.target instanceof Element && event.target.closest("#graph-wrap");
        if (!wrap || event.ctrlKey || event.metaKey || event.altKey || !KEYS[event.key]) { return; }
        if (act(KEYS[event.key])) { event.preventDefault(); }
    });
})();
