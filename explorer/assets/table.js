/* Table panel: sorting in the browser, and arrow keys between rows.
 *
 * A header button sorts the rows already on the page (no server round trip), keeps the
 * focus on that button and updates its arrow, aria-sort and the caption. The order the
 * user chose is re-applied when the server redraws the table (new nodes shown), through
 * window.nodeTable.resort, called by the table's own clientside callback.
 * ArrowDown/ArrowUp (and Home/End) move the focus between the rows' buttons; Enter on a
 * row's button selects its node as a click does.
 * Any other table of class "sortable" (the Moves panel's) sorts the same way, reading
 * each row's values from its data-sort-KEY attributes.
 */
(function () {
    'use strict';
    var chosen = null;  // {key, descending} chosen on this page, or null

    function cellValue(row, key) {
        // Other sortable tables (class "sortable") give each row its values as
        // data-sort-KEY; an empty one is unknown and sorts last either way.
        var given = row.getAttribute('data-sort-' + key);
        if (given !== null) { return given === '' ? null : Number(given); }
        if (key === 'tier') { return Number(row.getAttribute('data-rank')); }
        if (key === 'needs') { return Number(row.getAttribute('data-needs')); }
        var index = key === 'label' ? 0 : 2;
        return (row.cells[index].textContent || '').toLowerCase();
    }

    function compare(x, y) {
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    function ordered(rows, key, descending) {
        // Keys are read once per row (not once per comparison): ties go by label, then id.
        var keyed = rows.map(function (row) {
            return {row: row, value: cellValue(row, key), label: cellValue(row, 'label'),
                    id: row.getAttribute('data-node')};
        });
        keyed.sort(function (a, b) {
            if ((a.value === null) !== (b.value === null)) { return a.value === null ? 1 : -1; }
            var order = compare(a.value, b.value) || compare(a.label, b.label) || compare(a.id, b.id);
            return descending ? -order : order;
        });
        return keyed.map(function (item) { return item.row; });
    }

    function current(table) {
        var th = table.querySelector('thead th[aria-sort]');
        var button = th && th.querySelector('button');
        return button ? {key: button.getAttribute('data-key'),
                         descending: th.getAttribute('aria-sort') === 'descending'} : null;
    }

    function sortTable(table, key, descending) {
        var body = table.tBodies[0];
        if (!body) { return; }
        var rows = ordered(Array.prototype.slice.call(body.rows), key, descending);
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
        var order = descending ? 'descending' : 'ascending', name = key;
        table.querySelectorAll('thead th').forEach(function (th) {
            var button = th.querySelector('button');
            if (!button) { return; }
            var text = button.getAttribute('data-text');
            if (button.getAttribute('data-key') === key) {
                name = text;
                button.textContent = text + (descending ? ' \u25bc' : ' \u25b2');
                th.setAttribute('aria-sort', order);
            } else {
                button.textContent = text;
                th.removeAttribute('aria-sort');
            }
        });
        var caption = table.caption;
        if (caption) {
            caption.textContent = caption.textContent.replace(
                /sorted by [^(]*\((ascending|descending)\)/,
                'sorted by ' + name.toLowerCase() + ' (' + order + ')');
        }
    }

    function onClick(event) {
        var button = event.target.closest && event.target.closest(
            '#node-table thead button[data-key], table.sortable thead button[data-key]');
        if (!button) { return; }
        // Sorted here: the click must not reach Dash, whose redraw would cost a round trip
        // and drop the focus.
        event.stopImmediatePropagation();
        event.preventDefault();
        var table = button.closest('table'), key = button.getAttribute('data-key');
        var now = current(table);
        var descending = Boolean(now && now.key === key && !now.descending);
        if (table.closest('#node-table')) { chosen = {key: key, descending: descending}; }
        sortTable(table, key, descending);
        button.focus();
    }

    function onKey(event) {
        var keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
        if (keys.indexOf(event.key) < 0 || event.altKey || event.ctrlKey || event.metaKey) { return; }
        var target = event.target;
        if (!target.closest || !target.closest('#node-table')) { return; }
        var table = target.closest('table');
        var buttons = Array.prototype.slice.call(table.querySelectorAll('tbody tr button'));
        if (!buttons.length) { return; }
        var row = target.closest('tbody tr'), next = null;
        if (!row) {  // on a header: ArrowDown enters the rows
            if (event.key === 'ArrowDown') { next = buttons[0]; }
        } else {
            var index = buttons.indexOf(target);
            if (event.key === 'ArrowDown') { next = buttons[Math.min(index + 1, buttons.length - 1)]; }
            if (event.key === 'ArrowUp') { next = buttons[Math.max(index - 1, 0)]; }
            if (event.key === 'Home') { next = buttons[0]; }
            if (event.key === 'End') { next = buttons[buttons.length - 1]; }
        }
        if (next) {
            event.preventDefault();
            next.focus();
            next.scrollIntoView({block: 'nearest'});
        }
    }

    document.addEventListener('click', onClick, true);
    document.addEventListener('keydown', onKey);

    window.nodeTable = {
        /* Re-apply the order chosen on this page to a freshly drawn table. */
        resort: function () {
            var table = document.querySelector('#node-table table');
            if (!table || !chosen) { return; }
            var now = current(table);
            if (!now || now.key !== chosen.key || now.descending !== chosen.descending) {
                sortTable(table, chosen.key, chosen.descending);
            }
        }
    };
}());
