"""Statuses, templates, filler, help, languages and the errors of parse_query."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.sends import Status
from bot.query.model import HelpRequest, QueryError
from bot.query.parser import MAX_QUERY_LENGTH, parse_query, warm_up
from tests.factories import MONDAY
from tests.query.clocks import ask

F, P, C, X, Q, R = (
    Status.FAILED,
    Status.PARTIAL,
    Status.COMPLETED,
    Status.CANCELLED,
    Status.QUEUED,
    Status.PROCESSING,
)


def refused(text: str, **options: object) -> QueryError:
    with pytest.raises(QueryError) as raised:
        parse_query(text, now=MONDAY, tz="UTC", **options)  # type: ignore[arg-type]
    return raised.value


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("failed", {F}),
        ("FAILED", {F}),
        ("fail", {F}),
        ("failures", {F}),
        ("fallidos", {F}),
        ("fallidas", {F}),
        ("fallaron", {F}),
        ("falló", {F}),
        ("fallo", {F}),
        ("con error", {F}),
        ("falhou", {F}),
        ("falharam", {F}),
        ("falhas", {F}),
        ("com falha", {F}),
        ("falhados", {F}),
        ("partial", {P}),
        ("partially", {P}),
        ("parciales", {P}),
        ("parciais", {P}),
        ("completed", {C}),
        ("done", {C}),
        ("successful", {C}),
        ("completadas", {C}),
        ("completos", {C}),
        ("exitosos", {C}),
        ("concluídos", {C}),
        ("concluidos", {C}),
        ("finalizados", {C}),
        ("cancelled", {X}),
        ("canceled", {X}),
        ("canceladas", {X}),
        ("cancelados", {X}),
        ("queued", {Q}),
        ("waiting", {Q}),
        ("en cola", {Q}),
        ("encolados", {Q}),
        ("na fila", {Q}),
        ("enfileirados", {Q}),
        ("processing", {R}),
        ("in progress", {R}),
        ("running", {R}),
        ("sending", {R}),
        ("procesando", {R}),
        ("en proceso", {R}),
        ("en curso", {R}),
        ("processando", {R}),
        ("em andamento", {R}),
        ("problems", {F, P}),
        ("with problems", {F, P}),
        ("con problemas", {F, P}),
        ("com problemas", {F, P}),
        ("failed or partial", {F, P}),
        ("failed and partial", {F, P}),
        ("failed, partial", {F, P}),
        ("fallidos o parciales", {F, P}),
        ("fallidos y parciales", {F, P}),
        ("falharam ou parciais", {F, P}),
        ("cancelled, queued and in progress", {X, Q, R}),
        ("", set()),
        ("last week", set()),
    ],
)
def test_status_words(text: str, statuses: set[Status]) -> None:
    assert ask(text).statuses == statuses


def test_multi_word_statuses_win_over_their_words() -> None:
    # "in" and "en" alone are prepositions; "in progress" is a status, not a date.
    query = ask("in progress en cola")
    assert query.statuses == {R, Q}
    assert query.default_range is True


@pytest.mark.parametrize(
    ("text", "template"),
    [
        ("order_confirmation_v2", "order_confirmation_v2"),
        ("Order_Confirmation_V2 last week", "order_confirmation_v2"),
        ("promo2", "promo2"),
        ("promo_2025_11", "promo_2025_11"),
        ("black_friday_3 yesterday", "black_friday_3"),
        ("template welcome", "welcome"),
        ("plantilla bienvenida", "bienvenida"),
        ("modelo boas_vindas", "boas_vindas"),
        ("welcome", "welcome"),
        ("failed promo2 promo2", "promo2"),
    ],
)
def test_templates(text: str, template: str) -> None:
    assert ask(text, known_templates=("welcome",)).template == template


def test_template_names_with_digits_are_never_dates() -> None:
    query = ask("promo_2025_11")
    assert query.default_range is True
    assert ask("black_friday_3").default_range is True


def test_a_plain_word_is_a_template_only_when_known() -> None:
    assert refused("welcome").unrecognized == ("welcome",)
    assert ask("Welcome", known_templates=("WELCOME",)).template == "welcome"


@pytest.mark.parametrize(
    "text",
    [
        "promo_navideña_🎄 last week",
        "promo_navideña_:christmas_tree: last week",
        "promo_navideña last week",
        "Promo_Navideña's read rate last week",
    ],
)
def test_a_template_named_with_an_emoji_is_named_by_its_words(text: str) -> None:
    # Mindo may send any name; a question's words never hold the emoji itself.
    known = ("promo_navideña_🎄", "welcome_message")
    assert ask(text, known_templates=known).template == "promo_navideña_🎄"


def test_a_word_two_emoji_names_share_names_neither() -> None:
    known = ("promo_🎄", "promo_🎁")
    assert refused("promo last week", known_templates=known).unrecognized == ("promo",)
    assert ask("promo last week", known_templates=(*known, "promo")).template == "promo"


def test_two_templates_are_refused() -> None:
    error = refused("promo2 welcome_message")
    assert "one template" in error.message
    assert "*promo2*" in error.message and "*welcome_message*" in error.message


def test_the_word_template_needs_a_name_after_it() -> None:
    assert refused("failed template").unrecognized == ("template",)


@pytest.mark.parametrize(
    "text",
    [
        "show me the failed sends from last week please",
        "what were my failed bulk sends last week?",
        "muéstrame los envíos masivos fallidos de la semana pasada por favor",
        "mostre os envios em massa que falharam na semana passada, por favor",
    ],
)
def test_filler_words_are_fine(text: str) -> None:
    query = ask(text)
    assert query.statuses == {F}
    assert (str(query.range.start), str(query.range.end)) == ("2026-11-16", "2026-11-22")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("lsat wek", ("lsat", "wek")),
        ("failed not partial", ("not",)),
        ("failed last wek", ("wek",)),
        ("show me the fialed sends", ("fialed",)),
        ("failed 3", ("3",)),
        ("failed last", ("last",)),
        ("failed since", ("since",)),
        ("help failed", ("help",)),
        ("Ünïcödé € failed", ("Ünïcödé", "€")),  # a symbol, not an emoji: named back
    ],
)
def test_words_not_understood_are_named_back_as_typed(text: str, words: tuple[str, ...]) -> None:
    error = refused(text)
    assert error.unrecognized == words
    for word in words:
        assert f"*{word}*" in error.message


def test_near_misses_get_a_suggestion() -> None:
    error = refused("lsat wek")
    assert error.message.startswith(
        "I didn't understand *lsat* (did you mean *last*?), *wek* (did you mean *week*?)."
    )
    assert "Try: `failed last week`" in error.message


def test_suggestions_include_known_templates() -> None:
    error = refused("wellcome", known_templates=("welcome",))
    assert "did you mean *welcome*?" in error.message


@pytest.mark.parametrize(
    ("text", "language", "start_of_message"),
    [
        ("fallidos ayre", "es", "No entendí *ayre* (¿quisiste decir *ayer*?)"),
        ("falharam ontme", "pt", "Não entendi *ontme* (você quis dizer *ontem*?)"),
        ("failed yestreday", "en", "I didn't understand *yestreday* (did you mean *yesterday*?)"),
    ],
)
def test_errors_speak_the_users_language(text: str, language: str, start_of_message: str) -> None:
    error = refused(text)
    assert error.language == language
    assert error.message.startswith(start_of_message)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("failed last week", "en"),
        ("fallidos la semana pasada", "es"),
        ("falharam ontem", "pt"),
        ("order_confirmation_v2 desde el 3 de noviembre", "es"),
        ("este mês", "pt"),
        ("este mes", "es"),
        ("em andamento", "pt"),
        ("semana", "es"),  # shared by Spanish and Portuguese: never English
        ("", "en"),
        ("promo2", "en"),
    ],
)
def test_language_is_the_one_the_words_were_written_in(text: str, language: str) -> None:
    try:
        found = parse_query(text, now=MONDAY, tz="UTC").language
    except QueryError as error:
        found = error.language
    assert found == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("help", "en"),
        ("HELP please", "en"),
        ("ayuda", "es"),
        ("ayuda por favor", "es"),
        ("ajuda", "pt"),
        ("ajuda, por favor", "pt"),
    ],
)
def test_help(text: str, language: str) -> None:
    assert parse_query(text, now=MONDAY, tz="UTC") == HelpRequest(language)  # type: ignore[arg-type]


def test_empty_text_is_every_status_over_the_last_7_days() -> None:
    query = ask("   ")
    assert query.statuses == frozenset()
    assert query.template is None
    assert query.default_range is True
    assert query.timezone == "UTC"
    assert query.to_json()["start"] == "2026-11-17"


def test_a_question_of_exactly_the_limit_is_read() -> None:
    text = "failed" + " please" * 70 + " all"
    assert len(text) == MAX_QUERY_LENGTH
    assert ask(text).statuses == {F}


def test_one_character_over_the_limit_is_too_long() -> None:
    text = "failed" + " please" * 70 + " all!"
    assert len(text) == MAX_QUERY_LENGTH + 1
    error = refused(text)
    assert error.message.startswith("That question is too long (501 characters).")
    assert "500 characters or fewer" in error.message
    assert error.unrecognized == ()


def test_too_long_is_said_in_the_users_language() -> None:
    error = refused("fallidos " + "por favor " * 60)
    assert error.language == "es"
    assert "demasiado larga" in error.message


def test_surrounding_blanks_do_not_count_towards_the_limit() -> None:
    assert ask("  failed  ".ljust(MAX_QUERY_LENGTH + 50)).statuses == {F}


def test_unknown_time_zone_is_a_query_error() -> None:
    with pytest.raises(QueryError) as raised:
        parse_query("failed", now=MONDAY, tz="Mars/Olympus")
    assert "*Mars/Olympus*" in raised.value.message


def test_a_naive_clock_is_taken_as_utc() -> None:
    naive = datetime(2026, 11, 23, 1, 0)
    query = parse_query("today", now=naive, tz="America/Argentina/Buenos_Aires")
    assert query.to_json()["start"] == "2026-11-22"  # type: ignore[union-attr]


def test_to_json_matches_the_cli_contract() -> None:
    query = ask(
        "failed or partial welcome_message since nov 3", tz="America/Argentina/Buenos_Aires"
    )
    assert query.to_json() == {
        "statuses": ["PARTIAL", "FAILED"],
        "start": "2026-11-03",
        "end": "2026-11-23",
        "template": "welcome_message",
        "timezone": "America/Argentina/Buenos_Aires",
        "default_range": False,
        "metric": None,
        "group_by": None,
        "compare_to": None,
        "top": None,
        "phone_number": None,
        "send_id": None,
        "language": "en",
        "written_in": "en",
    }


def test_warm_up_then_parse() -> None:
    warm_up()
    assert ask("hace 2 días").range.start is not None
