"""The Dash front end of the Web of Work Explorer.

``create_app`` (in `explorer.app`) loads the graph once, builds an `explorer.context.Context`
and lets each feature module (graph view, filters, details, search, history, URL state and
the export, coverage and table panels) register its callbacks on a fresh Dash app.
"""
