"""The demo's Force in numbers: the figures the 2015 Hampshire report gives as numbers.

Read from ``resources/demo/hampshire-2015-indicators.json`` (its tables and the figures
stated in its text, each linked to the question the report discusses it under; what
the report shows only as a chart is left out) and written through the ordinary
repository in one transaction, so the demo's figures are held to the app's rules.
"""

from __future__ import annotations

import json
from pathlib import Path

from models.indicators.indicator import DEFAULT_COMPARATOR, Better, Indicator, IndicatorUnit
from storage.file.inspection_file import InspectionFile

DEMO_INDICATORS = (
    Path(__file__).resolve().parent.parent / "resources" / "demo" / "hampshire-2015-indicators.json"
)


def demo_indicators(source: Path = DEMO_INDICATORS) -> list[Indicator]:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    return [
        Indicator(
            name=item["name"],
            group=item["group"],
            unit=IndicatorUnit(item["unit"]),
            force_value=float(item["force"]),
            comparator_value=None if item["comparator"] is None else float(item["comparator"]),
            comparator_name=item.get("comparator_name", DEFAULT_COMPARATOR),
            period=item["period"],
            source=item["source"],
            better=Better(item["better"]),
            question_codes=tuple(item["questions"]),
            note=item.get("note", ""),
        )
        for item in data["indicators"]
    ]


def write_demo_indicators(inspection: InspectionFile, source: Path = DEMO_INDICATORS) -> None:
    indicators = demo_indicators(source)
    with inspection.db.transaction(reason="Figures from the published report") as conn:
        inspection.indicators.insert_in(conn, indicators)
