/* The search boxes of the Web of Work Explorer: WAI-ARIA 1.2 comboboxes (list autocomplete).

   explorer/search.py lays out an empty container per box (data-combobox="focus" in the
   header, "path" in the details panel); this script builds in it an input (role
   combobox), a listbox of options and a status line, and owns the input's text: Dash never
   writes it, so no keystroke is lost or reordered while an answer is on its way.

   Typing asks GET search.json?q=TEXT&limit=N (explorer/search.py) for the matches. A
   request goes at once, or, while keys come faster than THROTTLE_MS apart, THROTTLE_MS
   after the previous one; a newer text aborts the request in flight. An answer is shown
   only when its text is still the text in the box (each request is numbered, and answers
   are checked against the box, not trusted to arrive in order); until then no list is
   shown. The first option is highlighted when a list opens (the list autocomplete with
   automatic selection of the WAI-ARIA authoring practices). Enter chooses the highlighted
   option, or the first one; pressed before the answer for the text in the box, it waits
   for that answer. ArrowDown/ArrowUp move (wrapping), Home/End go to the first/last
   option while the list is open, Escape closes the list (and clears the text when it is
   already closed), a click chooses.

   Choosing writes a Dash store with dash_clientside.set_props, as explorer.js does for a
   tap: the header box a "focus" nav-request (source "search", which also brings the
   Details tab forward), the path picker the store named by data-store ("path-to").
   Every text is set with textContent: nothing from the server is parsed as HTML. */
(function () {
    "use strict";

    var THROTTLE_MS = 50;       /* fastest pace of requests while keys come in a burst */
    var CACHE_SIZE = 100;       /* answers kept per box (backspace shows them at once) */
    var SLOW_MS = 300;          /* say "Searching..." when an answer takes longer */
    var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    var PATH_STORE = "path-to"; /* the store of the path target (explorer/details.py) */
    var remembered = {};        /* store id -> option last chosen (a remounted picker shows it) */

    /* The endpoint's URL, under the prefix Dash serves its own requests from. */
    function endpoint() {
        var prefix = "/";
        var config = document.getElementById("_dash-config");
        if (config) {
            try {
                prefix = JSON.parse(config.textContent).requests_pathname_prefix || "/";
            } catch (e) {
                prefix = "/";
            }
        }
        return prefix + "search.json";
    }

    /* The text a request is made for: at most max characters, well-formed (no lone
       surrogate, which encodeURIComponent refuses), whitespace and control characters
       as single spaces, trimmed. */
    function queryOf(text, max) {
        var t = String(text || "").slice(0, max);
        t = typeof t.toWellFormed === "function" ? t.toWellFormed() :
            t.replace(LONE_SURROGATE, function (m) { return m.slice(0, -1) + "\uFFFD"; });
        return t.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
    }

    function parseTiers(text) {
        try {
            var tiers = JSON.parse(text || "{}");
            return tiers && typeof tiers === "object" ? tiers : {};
        } catch (e) {
            return {};
        }
    }

    function span(className, text) {
        var el = document.createElement("span");
        el.className = className;
        el.textContent = text;
        return el;
    }

    function Combobox(root) {
        var d = root.dataset;
        var self = this;
        var id = d.inputId || "combobox";
        var max = parseInt(d.maxChars, 10) || 200;
        var limit = parseInt(d.limit, 10) || 12;
        var tiers = parseTiers(d.tiers);
        var url = endpoint();

        var input = document.createElement("input");
        input.type = "text";
        input.id = id;
        input.className = "combobox-input";
        input.placeholder = d.placeholder || "";
        input.autocomplete = "off";
        input.spellcheck = false;
        input.setAttribute("autocapitalize", "none");
        input.setAttribute("autocorrect", "off");
        input.setAttribute("enterkeyhint", "search");
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", id + "-listbox");
        if (d.name) { input.setAttribute("aria-label", d.name); }

        var list = document.createElement("ul");
        list.id = id + "-listbox";
        list.className = "combobox-list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", d.listName || "Matches");
        list.hidden = true;

        var status = document.createElement("div");
        status.className = "combobox-status";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");

        root.textContent = "";
        root.appendChild(input);
        root.appendChild(list);
        root.appendChild(status);

        var shown = {key: null, items: []};   /* the options in the list, and their text */
        var active = -1;                      /* the highlighted option, -1 for none */
        var seq = 0;                          /* number of the latest request */
        var inflight = null;                  /* {key, seq, controller} of the request out */
        var timer = null, slowTimer = null;
        var lastSent = 0;
        var pendingEnter = false;             /* Enter waits for the answer to the box's text */
        var typed = false;                    /* the user typed since the last choice */
        var cache = new Map();

        function key() { return queryOf(input.value, max); }

        function isOpen() { return !list.hidden; }

        function setStatus(text) {
            if (status.textContent !== text) { status.textContent = text; }
        }

        /* Scroll the list (only the list: the page never jumps) to show an option. */
        function reveal(option) {
            var top = option.offsetTop, bottom = top + option.offsetHeight;
            if (top < list.scrollTop) {
                list.scrollTop = top;
            } else if (bottom > list.scrollTop + list.clientHeight) {
                list.scrollTop = bottom - list.clientHeight;
            }
        }

        function highlight(i) {
            var options = list.children;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "false");
                options[active].classList.remove("active");
            }
            active = i;
            if (i >= 0 && options[i]) {
                options[i].setAttribute("aria-selected", "true");
                options[i].classList.add("active");
                input.setAttribute("aria-activedescendant", options[i].id);
                reveal(options[i]);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function open() {
            if (!shown.items.length) { return; }
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function close() {
            highlight(-1);
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
        }

        /* Empty the list: what it held belongs to another text. */
        function forget() {
            close();
            shown = {key: null, items: []};
            list.textContent = "";
        }

        function optionElement(item, i) {
            var li = document.createElement("li");
            var tier = tiers[item.tier] || {label: item.tier, symbol: "\u25cf"};
            li.id = list.id + "-" + i;
            li.className = "combobox-option";
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", "false");
            li.setAttribute("data-index", String(i));
            var shape = span("combobox-shape", tier.symbol || "\u25cf");
            shape.setAttribute("aria-hidden", "true");
            if (tier.colour) { shape.style.color = tier.colour; }
            li.appendChild(shape);
            li.appendChild(span("combobox-label", item.label));
            li.appendChild(document.createTextNode(" "));
            var meta = tier.label || "";
            if (item.code) { meta += (meta ? " \u00b7 " : "") + item.code; }
            li.appendChild(span("combobox-meta", meta));
            if ((item.field === "alias" || item.field === "title") && item.matched &&
                    item.matched.toLowerCase() !== item.label.toLowerCase()) {
                li.appendChild(document.createTextNode(" "));
                li.appendChild(span("combobox-also", "also called " + item.matched));
            }
            return li;
        }

        /* Show the answer for text k (the text in the box). */
        function show(k, items) {
            window.clearTimeout(slowTimer);
            close();
            shown = {key: k, items: items};
            var fragment = document.createDocumentFragment();
            items.forEach(function (item, i) { fragment.appendChild(optionElement(item, i)); });
            list.textContent = "";
            list.appendChild(fragment);
            setStatus(items.length ? "" : "No matches");
            if (pendingEnter) {
                pendingEnter = false;
                if (items.length) { choose(0); }
                return;
            }
            if (document.activeElement === input) {
                open();
                highlight(items.length ? 0 : -1);  /* Enter takes it; ArrowDown the next */
            }
        }

        function clean(answer) {
            if (!Array.isArray(answer)) { return []; }
            return answer.filter(function (item) {
                return item && typeof item.id === "string" && item.id !== "";
            }).map(function (item) {
                return {id: item.id, label: String(item.label == null ? item.id : item.label),
                        tier: String(item.tier || ""), code: String(item.code || ""),
                        field: String(item.field || ""), matched: String(item.matched || "")};
            });
        }

        function remember(k, items) {
            cache.delete(k);
            cache.set(k, items);
            if (cache.size > CACHE_SIZE) { cache.delete(cache.keys().next().value); }
        }

        function send(k) {
            timer = null;
            if (!k || k !== key() || (inflight && inflight.key === k)) { return; }
            if (inflight) { inflight.controller.abort(); }
            var mine = {key: k, seq: ++seq, controller: new AbortController()};
            inflight = mine;
            lastSent = Date.now();
            window.clearTimeout(slowTimer);
            slowTimer = window.setTimeout(function () {
                if (inflight === mine) { setStatus("Searching\u2026"); }
            }, SLOW_MS);
            window.fetch(url + "?q=" + encodeURIComponent(k) + "&limit=" + limit, {
                signal: mine.controller.signal, credentials: "same-origin",
                headers: {"Accept": "application/json"}
            }).then(function (response) {
                if (!response.ok) { throw new Error("search answered " + response.status); }
                return response.json();
            }).then(function (answer) {
                if (inflight === mine) { inflight = null; }
                var items = clean(answer);
                remember(k, items);
                /* Answers come in any order: only the text in the box decides. */
                if (k === key() && shown.key !== k) { show(k, items); }
            }).catch(function (error) {
                if (inflight === mine) { inflight = null; }
                if (error && error.name === "AbortError") { return; }
                if (mine.seq === seq && k === key()) {
                    window.clearTimeout(slowTimer);
                    pendingEnter = false;
                    setStatus("Search failed: type again to retry");
                }
            });
        }

        /* The text changed: show its answer if known, otherwise ask for it. */
        function update() {
            var k = key();
            window.clearTimeout(timer);
            timer = null;
            if (!k) {
                if (inflight) { inflight.controller.abort(); inflight = null; }
                pendingEnter = false;
                window.clearTimeout(slowTimer);
                forget();
                setStatus("");
                return;
            }
            if (shown.key === k) {
                if (!isOpen()) {
                    open();
                    highlight(0);
                }
                return;
            }
            forget();
            setStatus("");
            if (cache.has(k)) {
                if (inflight) { inflight.controller.abort(); inflight = null; }
                show(k, cache.get(k));
                return;
            }
            var wait = lastSent + THROTTLE_MS - Date.now();
            if (wait <= 0) {
                send(k);
            } else {
                timer = window.setTimeout(function () { send(key()); }, wait);
            }
        }

        function choose(i) {
            var item = shown.items[i];
            var set = window.dash_clientside && window.dash_clientside.set_props;
            if (!item) { return; }
            pendingEnter = false;
            typed = false;
            input.value = item.label;
            forget();
            setStatus("");
            if (!set) { return; }
            if (d.combobox === "path") {
                remembered[d.store] = item;
                set(d.store, {data: item.id});
            } else if (d.action) {  /* e.g. the Compare picker: compare-add, then clear */
                set("nav-request", {data: {node: item.id, action: d.action, ts: Date.now()}});
                input.value = "";
            } else {
                set("nav-request", {data: {node: item.id, action: "focus", source: "search",
                                           ts: Date.now()}});
            }
            input.select();
        }

        function move(step) {
            var n = shown.items.length;
            if (!n) { return; }
            if (!isOpen()) {
                open();
                highlight(step > 0 ? 0 : n - 1);
                return;
            }
            highlight(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
        }

        input.addEventListener("input", function () {
            pendingEnter = false;
            typed = true;
            update();
        });

        input.addEventListener("keydown", function (event) {
            if (event.isComposing) { return; }
            var k = key();
            switch (event.key) {
            case "ArrowDown":
            case "ArrowUp":
                event.preventDefault();
                if (shown.key !== k) { update(); return; }
                if (event.altKey) { open(); return; }
                move(event.key === "ArrowDown" ? 1 : -1);
                break;
            case "Home":
            case "End":
                if (isOpen() && shown.items.length) {
                    event.preventDefault();
                    highlight(event.key === "Home" ? 0 : shown.items.length - 1);
                }
                break;
            case "Enter":
                event.preventDefault();
                if (!k) { return; }
                if (shown.key === k) {
                    choose(active >= 0 ? active : 0);
                } else {
                    pendingEnter = true;
                    window.clearTimeout(timer);
                    send(k);  /* at once: the user is waiting */
                }
                break;
            case "Escape":
                if (isOpen()) {
                    event.preventDefault();
                    close();
                } else if (input.value) {
                    event.preventDefault();
                    input.value = "";
                    update();
                }
                break;
            case "Tab":
                close();
                break;
            default:
                break;
            }
        });

        input.addEventListener("blur", function () {
            pendingEnter = false;
            close();
        });

        /* Keep the focus in the box while an option is clicked, then choose it. */
        list.addEventListener("mousedown", function (event) { event.preventDefault(); });
        list.addEventListener("click", function (event) {
            var li = event.target instanceof Element ? event.target.closest("[role=option]") : null;
            if (li) { choose(parseInt(li.getAttribute("data-index"), 10)); }
        });
        /* The container is a Dash component: its clicks are no Dash event. */
        root.addEventListener("click", function (event) { event.stopPropagation(); });

        /* Show an option chosen elsewhere (a tap, the URL, or the controller undoing a
           choice made with no node selected), unless the user is typing. */
        self.showChoice = function (item) {
            remembered[d.store] = item;
            if (typed && document.activeElement === input) { return; }
            typed = false;
            input.value = item ? item.label : "";
            forget();
            setStatus("");
        };

        if (d.store && remembered[d.store]) { input.value = remembered[d.store].label; }
    }

    /* Build a combobox in every container that has none yet (Dash renders, and re-renders
       the details panel when its tab comes back, after this script has run). */
    var containers = document.getElementsByClassName("combobox");  /* live: cheap to scan */
    function scan() {
        for (var i = 0; i < containers.length; i++) {
            var root = containers[i];
            if (!root.__wowCombobox && root.hasAttribute("data-combobox")) {
                root.__wowCombobox = new Combobox(root);
            }
        }
    }
    new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});
    scan();

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        search: {
            /* The path target's option from the controller ([] for none): the picker shows it. */
            showChoice: function (options) {
                var item = Array.isArray(options) && options.length && options[0] &&
                    typeof options[0].label === "string" ? options[0] : null;
                var roots = document.querySelectorAll("[data-combobox=path][data-store=" + PATH_STORE + "]");
                remembered[PATH_STORE] = item;
                for (var i = 0; i < roots.length; i++) {
                    if (roots[i].__wowCombobox) { roots[i].__wowCombobox.showChoice(item); }
                }
                return window.dash_clientside.no_update;
            }
        }
    });
})();
