"""Reports as flat rows and CSV text (:mod:`kb.reports.tables`)."""


def test_csv_text_has_a_header_and_a_line_per_row():
    from kb.reports.tables import csv_text
    assert csv_text([{'a': 1, 'b': 'x,y'}, {'a': 2, 'b': ''}]) == (
        'a,b\r\n1,"x,y"\r\n2,\r\n')


def test_csv_text_of_no_rows_is_empty():
    from kb.reports.tables import csv_text
    assert csv_text([]) == ''


def test_monthly_rows_flatten_every_table_with_every_column():
    from kb.reports.tables import monthly_rows
    report = {'monthly': {'period': '2026-01', 'by_type': [
        {'suorite': 'a', 'count': 2}]},
        'cumulative': {'arrivals': [{'slot': '8-9', 'count': 1}]}}
    assert monthly_rows(report) == [
        {'period': 'monthly', 'table': 'by_type', 'suorite': 'a',
         'count': 2, 'slot': ''},
        {'period': 'cumulative', 'table': 'arrivals', 'suorite': '',
         'count': 1, 'slot': '8-9'}]


def test_billing_rows_end_each_bill_with_its_total():
    from kb.reports.tables import billing_rows
    bill = {'point': 'mikkeli', 'provider': 'kela', 'quarter': '2026Q1',
            'count': 3, 'total_eur': '12.00', 'lines': [
                {'suorite': 'neuvonta', 'count': 3,
                 'unit_price_eur': '4.00', 'sum_eur': '12.00'}]}
    rows = billing_rows({'bills': [bill]})
    assert [row['suorite'] for row in rows] == ['neuvonta', 'TOTAL']
    assert rows[1]['sum_eur'] == '12.00'
    assert rows[0]['point'] == rows[1]['point'] == 'mikkeli'
