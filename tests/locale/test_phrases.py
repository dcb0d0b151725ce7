"""Phrases and phrased errors: sentences made below the floor that shows them, worded there."""

from __future__ import annotations

from bot.locale.translate import N_, Phrase, PhrasedError, translator
from bot.settings import ConfigError
from bot.store.errors import StoreChangedError, StoreError


def test_a_phrase_is_worded_in_each_language_with_the_phrases_inside_it() -> None:
    where = Phrase(N_("the SQLite file {path}"), path="'x.db'")
    changed = StoreChangedError(
        N_(
            "The database changed while the app was running ({problem}). Nothing more "
            "is posted from it: restart the app to use the database now there."
        ),
        problem=Phrase(N_("the SQLite file {path} was deleted"), path="'x.db'"),
    )
    assert str(changed).startswith(
        "The database changed while the app was running (the SQLite file 'x.db' was deleted)."
    )
    assert changed.text(translator("es")).startswith(
        "La base de datos cambió mientras la app estaba en marcha (el archivo SQLite 'x.db' "
        "fue borrado)."
    )
    assert changed.text(translator("pt")).startswith(
        "O banco de dados mudou enquanto o app estava rodando (o arquivo SQLite 'x.db' foi "
        "apagado)."
    )
    assert where.text(translator("pt")) == "o arquivo SQLite 'x.db'"
    assert str(where) == "the SQLite file 'x.db'"
    assert where == Phrase(N_("the SQLite file {path}"), path="'x.db'")


def test_errors_for_people_share_one_shape() -> None:
    for error in (ConfigError(N_("PostgreSQL at {url}"), url="u"), StoreError(N_("x"))):
        assert isinstance(error, PhrasedError)
    assert ConfigError(N_("PostgreSQL at {url}"), url="u").text(translator("es")) == (
        "PostgreSQL en u"
    )
