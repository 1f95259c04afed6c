from django.utils.html import format_html

from iite.core.charts import axis_labels, axis_title, bar, chart_svg, label, legend, rule


def test_frame_is_an_accessible_scalable_image():
    """The frame names the chart for screen readers (title and description by id), scales by
    its viewBox and is laid out left to right; text is escaped."""
    svg = chart_svg(
        chart_id="chart-a",
        title="People <reached>",
        description="Values & targets",
        width=320,
        height=130,
        body=[bar(x=1, y=2, width=3, height=4, fill="#000", tooltip="H1: 5")],
    )
    assert svg == (
        '<svg class="chart" id="chart-a" role="img" direction="ltr" '
        'aria-labelledby="chart-a-title chart-a-desc" viewBox="0 0 320 130" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-a-title">People &lt;reached&gt;</title>'
        '<desc id="chart-a-desc">Values &amp; targets</desc>'
        '<rect x="1" y="2" width="3" height="4" fill="#000"><title>H1: 5</title></rect></svg>'
    )


def test_shapes_escape_their_text_and_add_only_given_attributes():
    """Bars tell their value in a tooltip; labels, axis ticks, rules and legends escape text."""
    assert bar(x=0, y=0, width=1, height=1, fill="#fff", stroke="#000", tooltip="<b>") == (
        '<rect x="0" y="0" width="1" height="1" fill="#fff" stroke="#000">'
        "<title>&lt;b&gt;</title></rect>"
    )
    assert label(5, 6, "a&b") == '<text x="5" y="6">a&amp;b</text>'
    assert label(5, 6, "x", size=8, anchor="end", css_class="chart-label") == (
        '<text x="5" y="6" font-size="8" text-anchor="end" class="chart-label">x</text>'
    )
    assert axis_labels([(1, 2, "1"), (3, 4, "<2>")], size=10) == (
        '<text x="1" y="2" font-size="10" text-anchor="middle">1</text>'
        '<text x="3" y="4" font-size="10" text-anchor="middle">&lt;2&gt;</text>'
    )
    assert rule(0, 10, 5, 5) == '<line x1="0" x2="10" y1="5" y2="5" stroke="#555"/>'
    assert rule(0, 10, 5, 5, stroke="#a33", dashed=True) == (
        '<line x1="0" x2="10" y1="5" y2="5" stroke="#a33" stroke-dasharray="4 3"/>'
    )
    assert legend([("gap", format_html("{}", "Gap <USD>"))]) == (
        '<ul class="chart-legend"><li><span class="swatch swatch-gap" aria-hidden="true">'
        "</span>Gap &lt;USD&gt;</li></ul>"
    )


def test_axis_titles_name_an_axis_and_turn_for_a_vertical_one():
    """An axis title is centred text; a vertical axis's title is turned to read upwards."""
    assert axis_title(50, 120, "Half-year") == (
        '<text x="50" y="120" font-size="10" text-anchor="middle" class="axis-title">'
        "Half-year</text>"
    )
    assert axis_title(8, 60, "<People>", size=9, vertical=True) == (
        '<text x="8" y="60" font-size="9" text-anchor="middle" class="axis-title" '
        'transform="rotate(-90 8 60)">&lt;People&gt;</text>'
    )
