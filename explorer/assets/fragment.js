/* Static HTML fragments (explorer/fragment.py): an element with a data-fragment attribute
   holds, as JSON, the elements to build inside it: each string a text node, each element
   [tag, attributes, ...children]. They are built when the element appears (first drawn,
   or drawn again when its tab comes back) and again whenever the attribute changes (a
   callback writing Output(id, "data-fragment")), so a legend or a details panel is one
   Dash component however many elements it shows.

   Every string becomes a text node (textContent), never HTML; attributes named on... and
   links that are not web addresses are dropped. */
(function () {
    "use strict";

    var ATTRIBUTE = "data-fragment";
    var SAFE_LINK = /^(https?:|#)/i;

    function build(item) {
        if (typeof item === "string") { return document.createTextNode(item); }
        if (!Array.isArray(item) || typeof item[0] !== "string") { return null; }
        var el = document.createElement(item[0]);
        var attrs = item[1] || {};
        Object.keys(attrs).forEach(function (name) {
            var value = attrs[name];
            if (/^on/i.test(name)) { return; }
            if (name === "style" && value && typeof value === "object") {
                Object.keys(value).forEach(function (key) { el.style[key] = value[key]; });
            } else if (name === "href" && !SAFE_LINK.test(String(value))) {
                return;
            } else {
                el.setAttribute(name, String(value));
            }
        });
        for (var i = 2; i < item.length; i++) {
            var child = build(item[i]);
            if (child) { el.appendChild(child); }
        }
        return el;
    }

    /* Build an element's fragment unless what it shows is already that attribute's. */
    function fill(el) {
        var text = el.getAttribute(ATTRIBUTE);
        if (el.__fragment === text) { return; }
        el.__fragment = text;
        var items;
        try { items = JSON.parse(text || "[]"); } catch (e) { items = []; }
        var parts = document.createDocumentFragment();
        (Array.isArray(items) ? items : []).forEach(function (item) {
            var child = build(item);
            if (child) { parts.appendChild(child); }
        });
        el.replaceChildren(parts);
    }

    function scan(root) {
        if (!(root instanceof Element)) { return; }
        if (root.hasAttribute(ATTRIBUTE)) { fill(root); }
        var inside = root.querySelectorAll("[" + ATTRIBUTE + "]");
        for (var i = 0; i < inside.length; i++) { fill(inside[i]); }
    }

    new MutationObserver(function (records) {
        for (var i = 0; i < records.length; i++) {
            var r = records[i];
            if (r.type === "attributes") {
                fill(r.target);
            } else {
                for (var j = 0; j < r.addedNodes.length; j++) { scan(r.addedNodes[j]); }
            }
        }
    }).observe(document.documentElement, {childList: true, subtree: true,
                                          attributes: true, attributeFilter: [ATTRIBUTE]});
    scan(document.documentElement);
})();
