"""The spreadsheet CSV (the pages' downloads are tested through the app
in ``tests/views/test_reports.py``)."""
from types import SimpleNamespace

from pyramid.i18n import Localizer


def test_no_rows_is_a_file_with_the_byte_order_mark_only():
    from kb.reports.spreadsheet import spreadsheet_text

    assert spreadsheet_text(SimpleNamespace(), []) == '\ufeff'


def test_a_title_that_looks_like_a_formula_stays_text():
    """A card title is an editor's text: a spreadsheet must not run it
    (CSV injection)."""
    from kb.reports.spreadsheet import spreadsheet_text

    card = SimpleNamespace(published=1, versions={1: SimpleNamespace(
        content={'content': {'fi': {'title': '=HYPERLINK("http://x")'}}})})
    request = SimpleNamespace(
        localizer=Localizer('fi', None), root={'cards': {'c': card}},
        directory=None)
    rows = [{'card': 'c', 'count': 2, 'amount_eur': '1.5'}]
    lines = spreadsheet_text(request, rows).splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";2;1,50'
