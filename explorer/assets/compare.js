/* The Compare panel in the browser (explorer/compare.py): bring its tab forward when a
   node is added to the comparison (a "Compare" button, or its search box), and when the
   page opens on an address that names nodes to compare (compare=a,b). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    compare: {
        show: function (nav, current) {
            var wanted = nav && nav.action === "compare-add";
            if (!wanted || current === "compare") {
                return window.dash_clientside.no_update;
            }
            return "compare";
        },
        fromAddress: function (search, current) {
            var asked = new URLSearchParams(search || "").get("compare");
            if (!asked || current === "compare" || window.__wowCompareOpened) {
                return window.dash_clientside.no_update;
            }
            window.__wowCompareOpened = true;  /* once: the address that opened the page */
            return "compare";
        }
    }
});
