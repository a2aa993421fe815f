"""The spreadsheet CSV (the pages' downloads are tested through the app
in ``tests/views/test_reports.py``)."""
from types import SimpleNamespace


def test_no_rows_is_a_file_with_the_byte_order_mark_only():
    from kb.reports.spreadsheet import spreadsheet_text

    assert spreadsheet_text(SimpleNamespace(), []) == '\ufeff'
