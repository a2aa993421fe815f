"""Server-rendered bar charts: the geometry of an inline SVG that a
template draws (no scripts, no inline styles; colours come from CSS
classes), with the same figures for the table beside it."""
from dataclasses import dataclass

BAR_HEIGHT = 20
ROW_HEIGHT = 28
LABEL_WIDTH = 290
#: Longer labels are shortened in the drawing (the table has them whole).
LABEL_CHARS = 38
BAR_WIDTH = 300
VALUE_WIDTH = 90


@dataclass
class Bar:
    """One labelled bar: ``text`` is the value formatted for the page."""

    label: str
    value: float
    text: str
    length: int
    y: int
    lang: str = None  # of the label, if it may differ from the page's


@dataclass
class BarChart:
    """A horizontal bar chart with a title and a description."""

    id: str
    title: str
    desc: str
    bars: list
    column: str  # the heading of the value column of the table

    @property
    def short_labels(self):
        """(bar, label shortened to fit) for the drawing."""
        return [(bar, bar.label if len(bar.label) <= LABEL_CHARS
                 else bar.label[:LABEL_CHARS - 1].rstrip() + '…')
                for bar in self.bars]

    @property
    def width(self):
        return LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + 8

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT


def bar_chart(chart_id, title, desc, column, rows, text=str):
    """A :class:`BarChart` of ``rows`` ``[(label, value)]`` or ``[(label,
    value, language of the label)]``, the longest bar for the largest
    value.

    :param text: formats a value for the page (per locale).
    """
    top = max([row[1] for row in rows] or [0]) or 1
    bars = [Bar(label, value, text(value),
                round(BAR_WIDTH * value / top), index * ROW_HEIGHT + 4,
                *lang)
            for index, (label, value, *lang) in enumerate(rows)]
    return BarChart(chart_id, title, desc, bars, column)
