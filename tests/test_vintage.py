"""Vintage, visible: chart source lines name their latest period, chapters state what their data are
current to, and scenario signposts carry the date of their latest value and a stale flag."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from sinorussia import scenarios as sc
from sinorussia.errors import ParameterError
from sinorussia.notebook.style import period_text, source_line
from sinorussia.notebook.vintage import current_to


def test_a_source_line_must_name_the_latest_period():
    assert inspect.signature(source_line).parameters["latest"].default is inspect.Parameter.empty
    assert period_text(pd.Timestamp("2024-12-01")) == "Dec 2024"
    assert period_text(2023) == "2023" and period_text(2023.0) == "2023" and period_text("2000-2021") == "2000-2021"


def test_current_to_needs_a_series():
    with pytest.raises(ParameterError, match="at least one series"):
        current_to({})


def test_signposts_carry_their_date_and_a_stale_flag():
    status = sc.signpost_status(sc.indicator_series(2000))
    # the freshest signposts reach 2024 (crude share from China's customs; military spending)
    assert set(status.as_of) == {2024}
    assert status.loc["russia_share_of_china_crude", "latest_year"] == 2024
    assert status.loc["russia_share_of_china_crude", "latest"] == pytest.approx(0.196, abs=0.001)
    # UN votes end in 2021: three years older than the freshest, so stale under the two-year rule
    assert sc.STALE_AFTER_YEARS == 2
    assert status.loc["un_vote_agreement", "latest_year"] == 2021 and bool(status.loc["un_vote_agreement", "stale"])
    assert not status.drop("un_vote_agreement").stale.any()
