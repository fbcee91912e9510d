"""The demo's overall ratings carry what they were computed from (issue 11): the ids of the item
ratings in force (`basis_ids`), as `hyoka evaluate record … --unit 総合` records them, so publishing
the ministry's overall rating locks those item ratings in the demo too."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hyoka.settings import Settings
from hyoka.store.database import open_database
from hyoka.store.evaluations import Evaluation
from hyoka.store.ratings import OVERALL
from hyoka.store.recorded import standing_ratings
from hyoka.web.demo import build_demo


def test_every_overall_rating_of_the_demo_names_the_item_ratings_it_was_computed_from(tmp_path: Path) -> None:
    built = build_demo(tmp_path)
    with open_database(Settings(database_url=built.url)) as database, database.read() as session:
        overalls = list(session.scalars(select(Evaluation).where(Evaluation.unit_key == OVERALL)))
        assert {(o.fiscal_year, o.evaluator) for o in overalls} >= {(2025, "self"), (2025, "ministry")}
        for overall in overalls:
            standing = standing_ratings(session, overall.document_id, overall.fiscal_year, overall.stage)
            items = sorted(
                r.id for (key, evaluator), r in standing.items() if evaluator == overall.evaluator and key != OVERALL
            )
            assert items
            assert overall.basis_ids == items, (overall.document_id, overall.fiscal_year, overall.evaluator)
