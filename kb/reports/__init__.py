"""Reports for people: who may see which figures, the reports as CSV
rows and as printable pages (the figures themselves are counted in
:mod:`kb.tickets.reports`)."""
