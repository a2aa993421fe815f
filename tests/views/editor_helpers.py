"""Shared helpers of the editor page tests."""


def section(page, section_id):
    """The HTML of one ``<section id=...>`` of a page."""
    return str(page.html.find(id=section_id))
