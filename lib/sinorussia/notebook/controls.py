"""Chapter 06's control panel: change the prior, the likelihood ratios and the signpost thresholds in
JupyterLab and see the posterior path, the ACH table and the fan chart follow.

    panel = sr.scenario_panel(series, words_table, hypotheses=hypotheses, words=words, ...)
    panel.widget          # the last line of a cell shows it

Every change recomputes with `scenarios.run_scenarios`, which chains the very functions the chapter's cells
call (signpost_status, yearly_posterior, evidence_matrix, ach_ratings, ach_inconsistency, simulate_mixture,
fan), so the panel cannot drift from the chapter. It needs no frontend: widgets are plain objects whose values
can be set from code (the tests do), the chart is a PNG in an `Image` widget (drawn on a matplotlib Figure of
its own, so nothing leaks into the cell's output under papermill) and the tables are `HTML` widgets.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..analysis import scenarios as sc
from ..analysis.scenarios.model import PROJECTED
from ..errors import ParameterError
from .style import CATEGORY_COLOURS, percent_axis

PRIOR_METHODS = [
    ("ICD 203 midpoints of the words", "icd_midpoint"),
    ("survey medians of the words", "survey_median"),
    ("custom (sliders, rescaled to 100 %)", "custom"),
]


def _spec(key: str) -> dict[str, Any]:
    spec: dict[str, Any] = sc.SIGNPOSTS[key]
    return spec


def _short(key: str) -> str:
    return str(_spec(key)["short"]).replace("\n", " ")


class ScenarioPanel:
    """The widgets, the latest `ScenarioRun` (`.run`) and the outputs drawn from it."""

    def __init__(
        self,
        series: pd.DataFrame,
        survey: pd.DataFrame,
        *,
        hypotheses: Sequence[str],
        words: Sequence[str],
        prior_method: str,
        custom_prior: Sequence[float],
        likelihood_ratios: Mapping[str, Sequence[float]],
        share_drifts: Sequence[float],
        share_sd: float,
        horizon: int,
        n_draws: int,
        seed: int,
    ) -> None:
        import ipywidgets as w  # imported here: only a chapter that builds the panel pays for it

        self.series, self.survey = series, survey
        self.hypotheses, self.words = list(hypotheses), list(words)
        self.fixed: dict[str, Any] = {
            "drifts": dict(zip(self.hypotheses, share_drifts)),
            "share_sd": share_sd,
            "horizon": horizon,
            "n_draws": n_draws,
            "seed": seed,
        }
        layout = w.Layout(width="92px")
        self.prior_method = w.Dropdown(options=PRIOR_METHODS, value=prior_method, description="prior")
        self.prior = {
            h: w.FloatSlider(value=p, min=0.0, max=1.0, step=0.01, description=h, continuous_update=False)
            for h, p in zip(self.hypotheses, custom_prior)
        }
        self.lr = {
            k: {
                h: w.BoundedFloatText(value=float(x), min=0.05, max=20.0, step=0.05, layout=layout)
                for h, x in zip(self.hypotheses, ratios)
            }
            for k, ratios in likelihood_ratios.items()
        }
        self.threshold = {
            k: w.FloatText(
                value=float(_spec(k)["threshold"]), step=0.01 if _spec(k)["unit"] == "share" else 0.1, layout=layout
            )
            for k in sc.SIGNPOSTS
        }
        self.message = w.HTML()
        self.tables = w.HTML()
        self.chart = w.Image(format="png")
        lr_grid = w.GridBox(
            [w.HTML("<b>signpost</b>"), w.HTML("<b>threshold</b>")]
            + [w.HTML(f"<b>{h}</b>") for h in self.hypotheses]
            + [
                cell
                for k in sc.SIGNPOSTS
                for cell in [w.HTML(_short(k)), self.threshold[k]]
                + ([self.lr[k][h] for h in self.hypotheses] if k in self.lr else [w.HTML("—")] * len(self.hypotheses))
            ],
            layout=w.Layout(grid_template_columns=f"230px 100px repeat({len(self.hypotheses)}, 100px)"),
        )
        self.widget = w.VBox(
            [
                w.HTML("<b>Prior</b>"),
                self.prior_method,
                w.HBox([w.VBox(list(self.prior.values()))]),
                w.HTML("<b>Signposts: threshold, and the likelihood ratio of an observation under each future</b>"),
                lr_grid,
                self.message,
                self.chart,
                self.tables,
            ]
        )
        self.run: sc.ScenarioRun | None = None
        for widget in self._inputs():
            widget.observe(self.update, names="value")
        self.update()

    def _inputs(self) -> list[Any]:
        return [self.prior_method, *self.prior.values(), *self.threshold.values()] + [
            x for row in self.lr.values() for x in row.values()
        ]

    def inputs(self) -> dict:
        """The panel's current values, as the chapter's parameters (custom prior rescaled to sum to one)."""
        raw = [self.prior[h].value for h in self.hypotheses]
        total = sum(raw)
        return {
            "prior_method": self.prior_method.value,
            "custom_prior": [x / total for x in raw] if total > 0 else raw,
            "likelihood_ratios": {k: [row[h].value for h in self.hypotheses] for k, row in self.lr.items()},
            "thresholds": {k: x.value for k, x in self.threshold.items()},
        }

    def compute(self) -> sc.ScenarioRun:
        """The chapter's chain for the current values (ParameterError if they are not a valid model)."""
        v = self.inputs()
        sc.check_hypotheses(self.hypotheses, self.words, v["prior_method"], v["custom_prior"], v["likelihood_ratios"])
        prior = sc.prior_from_parameters(self.hypotheses, self.words, v["prior_method"], v["custom_prior"], self.survey)
        return sc.run_scenarios(self.series, prior, v["likelihood_ratios"], thresholds=v["thresholds"], **self.fixed)

    def update(self, *_: object) -> None:
        """Recompute and redraw; a bad value shows its message in the panel and keeps the last good outputs."""
        for slider in self.prior.values():
            slider.disabled = self.prior_method.value != "custom"
        try:
            run = self.compute()
        except ParameterError as exc:
            self.message.value = f"<span style='color:#D55E00'>Not updated: {exc}</span>"
            return
        self.run = run
        self.message.value = ""
        self.chart.value = self._draw(run)
        self.tables.value = self._tables(run)

    def _tables(self, run: sc.ScenarioRun) -> str:
        ach = run.ach.T.rename(columns=_short)
        frame = pd.DataFrame(
            {"prior": run.prior.map("{:.0%}".format), "posterior": run.posterior.map("{:.0%}".format)}
        ).join(ach)
        frame["ACH inconsistency"] = run.ach_scores.reindex(frame.index).map("{:.0f}".format)
        return (
            f"<p><b>Posterior and ACH:</b> “{run.lead}” leads with {run.posterior[run.lead]:.0%}; ACH finds "
            f"“{run.ach_scores.index[0]}” least contradicted (CC/C consistent, N neutral, I/II inconsistent).</p>"
            + frame.to_html(border=0)
        )

    def _draw(self, run: sc.ScenarioRun) -> bytes:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(10, 3.6), layout="constrained")
        left, right = fig.subplots(1, 2)
        colours = CATEGORY_COLOURS[: len(self.hypotheses)]
        left.stackplot(run.path.index, run.path.T.values, colors=colours, alpha=0.85, labels=self.hypotheses)
        left.set_xlim(run.path.index.min(), run.path.index.max())
        left.set_ylim(0, 1)
        left.set_title(f"“{run.lead}” leads with {run.posterior[run.lead]:.0%}", loc="left", fontsize=10)
        left.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(self.hypotheses), fontsize=7.5, frameon=False
        )
        f = run.fan
        history = self.series[PROJECTED].dropna()
        right.fill_between(f.index, f.q05, f.q95, color="#333333", alpha=0.15, lw=0)
        right.fill_between(f.index, f.q25, f.q75, color="#333333", alpha=0.3, lw=0)
        right.plot(f.index, f.q50, color="#333333", lw=2)
        right.plot(history.index, history.values, color="#333333", lw=1.2)
        right.set_ylim(0, 1)
        right.set_title(
            f"China's share of Russia's trade: median {f.q50.iloc[-1]:.0%} in {f.index.max()}", loc="left", fontsize=10
        )
        for ax in (left, right):
            percent_axis(ax)
        fig.text(
            0.0,
            -0.1,
            "Left: probability of each future, updated by the observed signposts. Right: posterior-weighted "
            "projection, median, 50 % and 90 % bands. Model and data: chapter 06.",
            fontsize=7.5,
            color="#555555",
        )
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
        return buf.getvalue()


def scenario_panel(series: pd.DataFrame, survey: pd.DataFrame, **parameters: Any) -> ScenarioPanel:
    """Chapter 06's control panel, started from the chapter's parameters (see ScenarioPanel)."""
    return ScenarioPanel(series, survey, **parameters)
