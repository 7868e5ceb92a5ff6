"""The chart rules (notebook/chartrules.py, issue #16): each helper does what it promises, and each
check that `sr.show` runs refuses the defect it names, with a message naming the figure and the text."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import sinorussia as sr
from sinorussia.notebook import chartrules as rules
from sinorussia.notebook.style import ACTOR_COLOURS, OTHER_COLOURS


@pytest.fixture(autouse=True)
def _style():
    sr.setup()
    yield
    plt.close("all")


def _tick_labels(fig, axis):
    fig.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_log_axis_labels_plain_numbers_not_powers_of_ten():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([1, 2, 3], [3, 40, 900])
    sr.log_axis(ax)
    labels = _tick_labels(fig, ax.yaxis)
    assert "10" in labels and "100" in labels, labels
    assert not any("^" in t or "$" in t for t in labels), labels
    assert rules.plain_number(1000) == "1,000" and rules.plain_number(0.05) == "0.05"


def test_a_mathtext_power_of_ten_is_refused():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([1, 2, 3], [3, 40, 900])
    ax.set_yscale("log")  # matplotlib's default labels: $\mathdefault{10^{1}}$
    with pytest.raises(rules.ChartRuleError, match=r"figure 'powers'.*power of ten.*sr.log_axis"):
        rules.check_figure(fig, "powers")


@pytest.mark.parametrize("width", [3.0, 8.0])
def test_year_axis_never_overprints(width):
    fig, ax = plt.subplots(figsize=(width, 3))
    years = np.arange(1950, 2025)
    ax.plot(years, np.sin(years))
    sr.year_axis(ax)
    fig.canvas.draw()
    labels = [t for t in ax.xaxis.get_ticklabels() if t.get_text() and t.get_visible()]
    inside = [t for t in labels if 1950 <= float(t.get_text().replace("−", "-")) <= 2025]
    assert all(float(t.get_text()).is_integer() for t in inside)
    boxes = [t.get_window_extent() for t in inside]
    assert 2 <= len(boxes) <= width / rules.TICK_ROOM_IN + 2
    for a, b in zip(boxes, boxes[1:]):
        assert a.x1 + 4 < b.x0, "year labels touch"


def test_too_small_text_at_print_scale_is_caught():
    fig, ax = plt.subplots(figsize=(14, 4))  # about 11 in once cropped, printed at 6.8 in: fonts shrink by 0.6
    ax.plot([2000, 2010], [1, 2])
    ax.set_xlabel("years", fontsize=9)
    with pytest.raises(rules.ChartRuleError, match=r"figure 'wide': text .* pt printed .* minimum is 7 pt"):
        rules.check_figure(fig, "wide")


def test_text_that_fits_at_print_scale_passes():
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.plot([2000, 2010], [1, 2])
    ax.set_xlabel("years", fontsize=8)
    rules.check_figure(fig, "narrow")
    assert rules.print_scale(fig, fig.canvas.get_renderer()) == 1.0


def test_legend_over_a_line_is_caught_and_outside_passes():
    fig, ax = plt.subplots(figsize=(6, 4))
    x = np.linspace(0, 1, 50)
    ax.plot(x, np.full_like(x, 0.95), label="near the top")
    ax.plot(x, x, label="diagonal")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    with pytest.raises(rules.ChartRuleError, match=r"figure 'covered': the legend covers the line"):
        rules.check_figure(fig, "covered")
    sr.legend_outside(ax, "right")
    rules.check_figure(fig, "covered")


def test_legend_over_a_bar_is_caught():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar([0, 1, 2], [1.0, 1.0, 1.0], label="bars")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper left")
    with pytest.raises(rules.ChartRuleError, match="covers a bar"):
        rules.check_figure(fig, "bars")


def test_direct_labels_do_not_overlap():
    fig, ax = plt.subplots(figsize=(6, 4))
    x = np.arange(10)
    lines = [ax.plot(x, x * 0 + 5 + i * 0.01)[0] for i in range(3)]  # three lines ending together
    sr.direct_labels(ax, dict(zip(lines, ["Russia", "China", "United States"])))
    fig.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in ax.texts), key=lambda b: b.y0)
    assert len(boxes) == 3
    for a, b in zip(boxes, boxes[1:]):
        assert not a.overlaps(b)


def test_an_actor_in_another_colour_is_caught():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [0, 1], color="#56B4E9", label="Russia")  # the EU's sky blue, not Russia's blue
    sr.legend_outside(ax, "right")
    with pytest.raises(rules.ChartRuleError, match=r"Russia is drawn in #56b4e9.*sr.colour\('RUS'\)"):
        rules.check_figure(fig, "wrong-blue")


def test_actor_colours_are_far_apart():
    # the same actor under two codes (the USSR is drawn as Russia; Central Asia as its largest state)
    same = [{"RUS", "SUN"}, {"XCA", "KAZ"}]
    colours = dict(ACTOR_COLOURS) | {f"spare {i}": c for i, c in enumerate(OTHER_COLOURS)}
    for a, b in itertools.combinations(colours, 2):
        if {a, b} in same:
            continue
        assert rules.colour_distance(colours[a], colours[b]) >= 20, f"{a} and {b} look alike"


def test_central_asia_is_not_five_greens():
    greens = [ACTOR_COLOURS[c] for c in ("KAZ", "KGZ", "UZB", "TJK", "TKM")]
    assert len(set(greens)) == 5
    assert min(rules.colour_distance(a, b) for a, b in itertools.combinations(greens, 2)) >= 20


def test_human_labels_for_identifiers():
    assert sr.human_label("sipri_2022") == "SIPRI 2022 release"
    assert (
        sr.human_label("comtrade_china_processed/atlas")
        == "China-reported (UN Comtrade) over Atlas of Economic Complexity"
    )
    assert "_" not in sr.human_label("some_new_column")


def test_show_refuses_a_rule_breaking_figure(capsys):
    fig, ax = plt.subplots(figsize=(12, 4))
    ax.plot([2000, 2010], [1, 2])
    with pytest.raises(rules.ChartRuleError, match="figure 'too-wide'"):
        sr.show(fig, label="too-wide", data={"line": np.array([1, 2])})


def test_source_line_moves_under_a_legend_below_the_axes():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([2000, 2010], [1, 2], label="a line")
    sr.legend_outside(ax, "below")
    sr.source_line(fig, "Source: somebody.", latest=2010)
    rules.check_figure(fig, "source")
    renderer = fig.canvas.get_renderer()
    assert fig._sinorussia_source.get_window_extent(renderer).y1 < ax.get_legend().get_window_extent(renderer).y0
