"""Stage 4 — reporting: what auditors, units and managers read, from the published warehouse.

views     the figures of each view, read from the marts
columns   the columns of each view, once for HTML and Excel (headers from the glossary)
html      the pages (Jinja2 templates in templates/, style and script in static/), charts from charts
workbook  the same views in Excel
bulletin  the headline sentence as the ministry writes it
exports   the quarantine list sent back to the units
build     writes all of them for a refresh or on demand
"""
