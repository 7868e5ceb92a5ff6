"""The helpers notebooks call for prose, parameters and figure titles (sinorussia.notebook)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

import sinorussia as sr


def test_join_words():
    assert sr.join_words([]) == ""
    assert sr.join_words(["Kazakhstan"]) == "Kazakhstan"
    assert sr.join_words(["Kazakhstan", "Mongolia"]) == "Kazakhstan and Mongolia"
    assert sr.join_words(iter(["a", "b", "c"])) == "a, b and c"


def test_usd_and_pct():
    assert sr.usd(94.8e9) == "94.8 bn USD"
    assert sr.usd(5.43e9, digits=2) == "5.43 bn USD"
    assert sr.usd(250e6, "m", digits=0) == "250 m USD"
    assert sr.pct(0.734) == "73%" and sr.pct(0.0754, 1) == "7.5%"


def test_check_range_names_the_parameter_and_the_range():
    assert sr.check_range("share_sd", 0.12, 0.0, 1.0) == 0.12
    assert sr.check_range("n_draws", 20000, 1, 1_000_000, integer=True) == 20000
    with pytest.raises(sr.ParameterError, match=r"n_draws=0 is outside the plausible range 1–1e\+06"):
        sr.check_range("n_draws", 0, 1, 1_000_000, integer=True)
    with pytest.raises(sr.ParameterError, match="n_draws=2.5 must be a whole number"):
        sr.check_range("n_draws", 2.5, 1, 10, integer=True)
    with pytest.raises(sr.ParameterError, match="must be a number"):
        sr.check_range("share_sd", True, 0.0, 1.0)


def test_figure_title_reserves_room_for_title_subtitle_and_panel_titles():
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))  # 288 points high
    sr.figure_title(fig, "China leads", "what is plotted")
    assert fig._suptitle.get_text() == "China leads" and fig._suptitle.get_fontweight() == "bold"
    assert any(t.get_text() == "what is plotted" for t in fig.texts)
    # 6 pt margin + one 12 pt title line (x1.3) + 2 pt + one 9.5 pt subtitle line (x1.35) + 22 pt for panel titles
    used = 6 + 12 * 1.3 + 2 + 9.5 * 1.35 + 22
    assert fig.subplotpars.top == pytest.approx(1 - used / 288)
    # a two-line title without subtitle takes two lines of room
    fig2, _ = plt.subplots(figsize=(8, 4))
    sr.figure_title(fig2, "line one\nline two", panel_room=0)
    assert fig2.subplotpars.top == pytest.approx(1 - (6 + 2 * 12 * 1.3) / 288)
    plt.close("all")


def test_prose_template_reads_as_text_and_renders_one_line_per_paragraph():
    from sinorussia.notebook.prose import render

    text = render(
        """
        In {year} China took **{share:.0%}** of Russia's exports,
        {direction} from {old:.0%}.

        - first point
          continued
        - second point
        """,
        year=2024,
        share=0.3049,
        old=0.141,
        direction=sr.rose_or_fell(0.3049, 0.141, up="up", down="down"),
    )
    assert (
        text
        == "In 2024 China took **30%** of Russia's exports, up from 14%.\n\n- first point continued\n- second point"
    )
    # without values the template is not formatted, so LaTeX braces survive
    assert render("$TII_{ij}$ compares") == "$TII_{ij}$ compares"


def test_prose_words_chosen_by_the_data():
    assert sr.plural(1, "year") == "1 year" and sr.plural(3, "year") == "3 years"
    assert sr.plural(2, "country", "countries") == "2 countries"
    assert sr.rose_or_fell(2.0, 1.0) == "up" and sr.rose_or_fell(1.0, 2.0, down="fell") == "fell"
    assert sr.rose_or_fell(1.0, 1.004, tolerance=0.01) == "unchanged"
    assert sr.either(True, "a", "b") == "a" and sr.either(False, "a") == ""
