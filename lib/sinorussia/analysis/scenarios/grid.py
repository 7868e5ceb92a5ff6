"""A vectorised sweep of chapter 06's Bayesian update over a grid of priors × likelihood-ratio weights ×
signpost thresholds: every grid point in one numpy expression, one tidy row per point.

Why one expression is the same update: yearly_posterior multiplies the prior by the ratios of each counted
signpost and rescales, and a product does not depend on its order. In logs, for grid point g,

    log posterior[g, h] = log prior[g, h] + Σ_s counted[g, s] · weight[g, s] · log L[s, h]   (then rescaled)

where counted[g, s] is whether signpost s is observed at the threshold of point g (signpost_status, as in the
chapter) and weight raises a signpost's ratios to a power: 1 as stated, 0 ignored, 2 twice the pull in
log-odds. The axes broadcast, so 10⁴–10⁵ points take milliseconds (tests compare points with yearly_posterior).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import ParameterError
from .bayes import validate_distribution
from .model import counted, update_years, with_thresholds
from .signposts import SIGNPOSTS, signpost_status


@dataclass(frozen=True)
class ScenarioGrid:
    """The sweep: its axes (name -> values, in grid order), the hypotheses and the posterior array
    of shape (*axis sizes, hypotheses)."""

    axes: dict[str, list]
    hypotheses: list[str]
    posterior: np.ndarray

    @property
    def size(self) -> int:
        return int(np.prod([len(v) for v in self.axes.values()]))

    def lead_index(self) -> np.ndarray:
        return self.posterior.argmax(axis=-1)

    def table(self) -> pd.DataFrame:
        """One row per grid point: the inputs (prior name, weight.<signpost>, threshold.<signpost>), then
        posterior.<hypothesis> and the lead hypothesis."""
        sizes = [len(v) for v in self.axes.values()]
        idx = np.unravel_index(np.arange(self.size), sizes)
        cols: dict[str, object] = {
            name: np.asarray(vals, dtype=object if name == "prior" else float)[i]
            for (name, vals), i in zip(self.axes.items(), idx)
        }
        flat = self.posterior.reshape(self.size, len(self.hypotheses))
        cols.update({f"posterior.{h}": flat[:, j] for j, h in enumerate(self.hypotheses)})
        cols["lead"] = np.asarray(self.hypotheses, dtype=object)[flat.argmax(axis=1)]
        return pd.DataFrame(cols)

    def lead_share(self, hypothesis: str) -> float:
        """Share of the grid where `hypothesis` has the highest posterior."""
        return float((self.lead_index() == self.hypotheses.index(hypothesis)).mean())

    def leaders(self) -> pd.Series:
        """Share of the grid each hypothesis leads, largest first."""
        counts = np.bincount(self.lead_index().ravel(), minlength=len(self.hypotheses)) / self.size
        return pd.Series(counts, index=self.hypotheses, name="share").sort_values(ascending=False, kind="mergesort")

    def influence(self, hypothesis: str) -> pd.DataFrame:
        """Per input axis: how much moving that input alone moves `hypothesis`.

        swing: the mean, over every combination of the other inputs, of the range (max − min) of the
        hypothesis's posterior across this input's values; kept_min / kept_max: the lowest and highest share
        of the grid where it leads, over this input's values (at kept_min's value `worst`). Largest swing first.
        """
        j = self.hypotheses.index(hypothesis)
        p = self.posterior[..., j]
        leads = self.lead_index() == j
        rows = []
        for a, (name, values) in enumerate(self.axes.items()):
            others = tuple(i for i in range(p.ndim) if i != a)
            kept = leads.mean(axis=others) if others else leads.astype(float)
            rows.append(
                {
                    "input": name,
                    "values": list(values),
                    "swing": float(np.ptp(p, axis=a).mean()),
                    "kept_min": float(kept.min()),
                    "kept_max": float(kept.max()),
                    "worst": values[int(kept.argmin())],
                }
            )
        out = pd.DataFrame(rows).set_index("input")
        return out.sort_values("swing", ascending=False, kind="mergesort")


def sweep_grid(
    series: pd.DataFrame,
    priors: Mapping[str, Mapping[str, float]],
    likelihood_ratios: Mapping[str, Sequence[float]],
    hypotheses: Sequence[str],
    *,
    weights: Mapping[str, Sequence[float]] | None = None,
    thresholds: Mapping[str, Sequence[float]] | None = None,
) -> ScenarioGrid:
    """The final posterior of chapter 06 at every point of priors × weights × thresholds.

    priors: named distributions over `hypotheses` (the "prior" axis); weights: signpost -> powers its
    ratios are raised to (one axis per signpost, "weight.<signpost>"; unlisted signposts keep 1);
    thresholds: signpost -> thresholds to try ("threshold.<signpost>"; unlisted keep the chapter's).
    """
    hypotheses = list(hypotheses)
    weights, thresholds = dict(weights or {}), dict(thresholds or {})
    if not priors:
        raise ParameterError("sweep_grid: give at least one prior")
    for what, axis in (("weights", weights), ("thresholds", thresholds)):
        unknown = sorted(set(axis) - set(SIGNPOSTS))
        if unknown:
            raise ParameterError(f"sweep_grid {what}: unknown signpost(s) {unknown}; choose from {sorted(SIGNPOSTS)}")
        empty = [k for k, v in axis.items() if len(v) == 0]
        if empty:
            raise ParameterError(f"sweep_grid {what}: no values for {empty}; give a non-empty list")
    prior_names = list(priors)
    log_prior = np.log(
        np.array([validate_distribution(priors[n], name=f"prior {n!r}").reindex(hypotheses).values for n in priors])
    )
    if np.isnan(log_prior).any():
        raise ParameterError(f"sweep_grid: every prior must give a probability to each of {hypotheses}")
    keys = list(SIGNPOSTS)
    log_lr = np.array(
        [np.log(np.asarray(likelihood_ratios.get(k, [1.0] * len(hypotheses)), dtype=float)) for k in keys]
    )
    years = update_years(series)
    default_status = signpost_status(series)
    default_counted = counted(default_status, likelihood_ratios, years)

    axes: dict[str, list] = {"prior": prior_names}
    axes.update({f"weight.{k}": [float(x) for x in v] for k, v in weights.items()})
    axes.update({f"threshold.{k}": [float(x) for x in v] for k, v in thresholds.items()})
    ndim = len(axes)

    def along(axis_name: str, values: np.ndarray) -> np.ndarray:
        """`values` laid along one grid axis, so that it broadcasts against the others."""
        shape = [1] * ndim
        shape[list(axes).index(axis_name)] = len(values)
        return values.reshape(shape)

    log_post = log_prior.reshape([len(prior_names)] + [1] * (ndim - 1) + [len(hypotheses)])
    for s, key in enumerate(keys):
        w = along(f"weight.{key}", np.asarray(axes[f"weight.{key}"])) if key in weights else np.ones([1] * ndim)
        if key in thresholds:
            # observed or not at each threshold tried: signpost_status, exactly as the chapter computes it (for
            # this signpost alone: whether and since when it is observed does not depend on the others)
            on = [
                counted(signpost_status(series, {key: with_thresholds({key: t})[key]}), likelihood_ratios, years)[key]
                for t in axes[f"threshold.{key}"]
            ]
            c = along(f"threshold.{key}", np.asarray(on, dtype=float))
        else:
            c = np.full([1] * ndim, float(default_counted[key]))
        log_post = log_post + (w * c)[..., None] * log_lr[s]
    # rescale in logs first: exp of large sums of log-ratios must not overflow
    log_post = log_post - log_post.max(axis=-1, keepdims=True)
    post = np.exp(log_post)
    post = np.broadcast_to(post / post.sum(axis=-1, keepdims=True), [len(v) for v in axes.values()] + [len(hypotheses)])
    return ScenarioGrid(axes=axes, hypotheses=hypotheses, posterior=np.ascontiguousarray(post))


def axis_label(axis: str) -> str:
    """A grid axis in words, for tables and prose: the prior, or a signpost's weight or threshold."""
    if axis == "prior":
        return "Prior (reading of the words)"
    kind, key = axis.split(".", 1)
    return f"{'Weight of' if kind == 'weight' else 'Threshold of'} {SIGNPOSTS[key]['label']}"


def axis_value(axis: str, value: object) -> str:
    """A value of a grid axis in words: a prior's name, a weight (½, 1, 2), a threshold in its unit."""
    if axis == "prior":
        return str(value)
    kind, key = axis.split(".", 1)
    x = float(value)  # type: ignore[arg-type]
    if kind == "weight":
        return {0.5: "½", 1.0: "1", 2.0: "2"}.get(x, f"{x:g}")
    unit = SIGNPOSTS[key]["unit"]
    return f"{x:.0%}" if unit == "share" else f"{x:,.0f}" if unit == "TIV" else f"{x:.1f}"
