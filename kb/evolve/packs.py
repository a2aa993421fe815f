"""Evolve step: the month-end and quarter-end report packs
(:mod:`kb.reports.packs`) need their store in the root."""
from kb.reports.packs import NAME, PackStore


def add_report_packs(root, registry):
    """Add the empty store, unless ``kb init`` already added it."""
    if NAME not in root:
        root.add(NAME, PackStore())
