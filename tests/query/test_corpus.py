"""Every question of the corpus (tests/query/corpus/questions.txt) parses as expected."""

from __future__ import annotations

import pytest

from tests.query.corpus import Case, load, mismatch

CASES = load()


def test_the_corpus_is_large_and_covers_every_language() -> None:
    assert len(CASES) >= 400
    assert {case.language for case in CASES} >= {"en", "es", "pt"}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_question(case: Case) -> None:
    assert mismatch(case) is None
