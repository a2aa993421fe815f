"""Bar chart geometry: the longest bar for the largest value."""


def _callFUT(rows, **kw):
    from kb.reports.charts import bar_chart

    return bar_chart('c', 'Title', 'Desc', 'Count', rows, **kw)


def test_bars_are_proportional_and_stacked():
    chart = _callFUT([('a', 4), ('b', 1), ('c', 0)], text=lambda n: f'#{n}')
    assert [(b.label, b.text, b.length) for b in chart.bars] == [
        ('a', '#4', 300), ('b', '#1', 75), ('c', '#0', 0)]
    assert [b.y for b in chart.bars] == [4, 32, 60]
    assert chart.height == 3 * 28 + 8


def test_empty_or_all_zero_chart_has_no_division_by_zero():
    assert _callFUT([]).bars == []
    assert _callFUT([('a', 0)]).bars[0].length == 0


def test_long_labels_are_shortened_only_in_the_drawing():
    chart = _callFUT([('x' * 38, 1), ('y' * 50, 2)])
    assert [label for _, label in chart.short_labels] == [
        'x' * 38, 'y' * 37 + '…']
    assert chart.bars[1].label == 'y' * 50
