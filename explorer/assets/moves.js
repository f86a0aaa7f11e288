/* Moves panel: keep one type of move (advancement, lateral, step down) in the page.
 *
 * The toggle buttons (data-moves-filter) hide the rows of the panel's tables whose
 * data-move differs, with no server round trip; "All" shows every row again. The choice
 * holds until the panel is redrawn for another node.
 */
(function () {
    'use strict';

    function apply(panel, wanted) {
        panel.querySelectorAll('button[data-moves-filter]').forEach(function (button) {
            var on = button.getAttribute('data-moves-filter') === wanted;
            button.setAttribute('aria-pressed', on ? 'true' : 'false');
        });
        panel.querySelectorAll('table.moves-table tbody tr[data-move]').forEach(function (row) {
            row.hidden = wanted !== 'all' && row.getAttribute('data-move') !== wanted;
        });
        panel.querySelectorAll('table.moves-table').forEach(function (table) {
            var shown = table.querySelectorAll('tbody tr[data-move]:not([hidden])').length;
            table.setAttribute('data-shown', String(shown));
        });
    }

    document.addEventListener('click', function (event) {
        var button = event.target instanceof Element &&
            event.target.closest('#moves button[data-moves-filter]');
        if (!button) { return; }
        apply(document.getElementById('moves'), button.getAttribute('data-moves-filter'));
    });
}());
