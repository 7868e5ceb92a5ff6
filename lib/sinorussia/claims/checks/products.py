"""Check functions for claims about what the two sides trade: product shares and product growth (BACI).

Used by the economics claims (Russia sells raw materials, China sells manufactures; Chinese goods took
over markets Western firms left). Every direction check states its threshold in Result.rule; a compound
check ('lopsided and increasingly so', 'cars and electronics') is partly supported when some parts hold.
"""

from __future__ import annotations

from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import _parts_verdict, _verdict, load


@check_function()
def product_share(
    year: int,
    exporter: str,
    importer: str,
    chapters: list[str] | None = None,
    sections: list[str] | None = None,
    at_least: float | None = None,
    compare_year: int | None = None,
) -> Result:
    """Share (0–1) of some HS chapters or sections in one direction's trade (BACI); with `at_least` the
    verdict is computed (supported when the share reaches it). With `compare_year` the claim is compound,
    'lopsided and increasingly so': the share reaches `at_least`, and it is higher than in that year."""
    p = load("trade_by_product")

    def _of(y: int) -> float:
        d = p[(p.year == y) & (p.exporter == exporter) & (p.importer == importer)]
        if d.empty:
            raise WorkbookError(f"no BACI products for {exporter}->{importer} {y}")
        mask = d.hs_chapter.isin([str(c).zfill(2) for c in chapters or []]) | d.hs_section.isin(sections or [])
        return float(d[mask].value_usd.sum() / d.value_usd.sum())

    share = _of(year)
    what = f"chapters {chapters}" if chapters else f"sections {sections}"
    detail = f"{what} in {exporter}→{importer}, {year}: {share:.1%} (BACI)"
    verdict, rule = None, None
    if at_least is not None and compare_year is None:
        verdict, rule = _verdict(share >= at_least), f"supported if the share is at least {at_least:.0%}"
    elif at_least is not None and compare_year is not None:
        before = _of(compare_year)
        detail += f"; {compare_year}: {before:.1%}"
        verdict = _parts_verdict([share >= at_least, share > before])
        rule = (
            f"compound: the share at least {at_least:.0%} in {year}, and higher than in {compare_year}; "
            "partly if only one holds"
        )
    return Result(share, detail, ("trade_by_product",), verdict=verdict, rule=rule)


@check_function()
def chapter_growth(start: int, end: int, exporter: str, importer: str, chapters: list[str], at_least: float) -> Result:
    """Compound 'in cars, electronics and ...': each HS chapter's end/start ratio of one direction's BACI trade;
    supported if every chapter reaches `at_least`, partly if some do. Value: the weakest chapter's ratio."""
    p = load("trade_by_product")
    d = p[(p.exporter == exporter) & (p.importer == importer) & p.hs_chapter.isin([str(c).zfill(2) for c in chapters])]
    by = d.groupby(["year", "hs_chapter"]).value_usd.sum().unstack()
    if start not in by.index or end not in by.index:
        raise WorkbookError(f"BACI {exporter}->{importer} lacks {start} or {end}")
    ratios = by.loc[end] / by.loc[start]
    parts = ", ".join(
        f"ch {c} {by.loc[start, c] / 1e9:.1f}→{by.loc[end, c] / 1e9:.1f} bn (×{v:.2f})" for c, v in ratios.items()
    )
    return Result(
        float(ratios.min()),
        f"{exporter}→{importer}, {start}→{end}: {parts} (BACI)",
        ("trade_by_product",),
        verdict=_parts_verdict([bool(v >= at_least) for v in ratios]),
        rule=f"compound over chapters {', '.join(chapters)}: each grown ×{at_least:g} or more; partly if some",
    )
