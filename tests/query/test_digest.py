import pytest

from bot.domain.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS
from bot.query.channel_words import ChannelRef
from bot.query.digest import (
    DigestCommandError,
    DigestHelp,
    ListDigests,
    OpenEditor,
    Preview,
    SetDigest,
    SetEnabled,
    parse_digest_command,
)

HERE = None
MARKETING = ChannelRef(name="marketing")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest here at 9:00", SetDigest(HERE, "en", time=(9, 0))),
        ("here at 9:00", SetDigest(HERE, "en", time=(9, 0))),
        ("digest #marketing 8:30 weekdays", SetDigest(MARKETING, "en", (8, 30), WEEKDAYS)),
        ("#marketing at 8:30pm mon-fri", SetDigest(MARKETING, "en", (20, 30), WEEKDAYS)),
        ("here at 9 am every day", SetDigest(HERE, "en", (9, 0), EVERY_DAY)),
        ("here 12am", SetDigest(HERE, "en", (0, 0))),
        ("here 12 pm", SetDigest(HERE, "en", (12, 0))),
        ("here 7.45 weekends", SetDigest(HERE, "en", (7, 45), WEEKENDS)),
        ("here at 9 on weekdays", SetDigest(HERE, "en", (9, 0), WEEKDAYS)),
        ("here mon,wed,fri 9", SetDigest(HERE, "en", (9, 0), frozenset({0, 2, 4}))),
        ("here fri-mon", SetDigest(HERE, "en", days=frozenset({4, 5, 6, 0}))),
        ("here from tuesday to thursday", SetDigest(HERE, "en", days=frozenset({1, 2, 3}))),
        ("here tz Europe/Madrid", SetDigest(HERE, "en", timezone="Europe/Madrid")),
        ("here time zone america/new_york", SetDigest(HERE, "en", timezone="America/New_York")),
        (
            "here America/Sao_Paulo 8:00",
            SetDigest(HERE, "en", (8, 0), timezone="America/Sao_Paulo"),
        ),
        ("here utc", SetDigest(HERE, "en", timezone="UTC")),
        ("here skip empty days", SetDigest(HERE, "en", skip_empty=True)),
        ("here include empty days", SetDigest(HERE, "en", skip_empty=False)),
        ("here", SetDigest(HERE, "en")),
        ("#marketing", SetDigest(MARKETING, "en")),
        # Spanish
        ("aquí a las 9:30 de lunes a viernes", SetDigest(HERE, "es", (9, 30), WEEKDAYS)),
        ("este canal 8h todos los días", SetDigest(HERE, "es", (8, 0), EVERY_DAY)),
        ("#marketing a las 18:00 fines de semana", SetDigest(MARKETING, "es", (18, 0), WEEKENDS)),
        ("aquí omitir días vacíos", SetDigest(HERE, "es", skip_empty=True)),
        ("aquí zona horaria America/Bogota", SetDigest(HERE, "es", timezone="America/Bogota")),
        ("aquí lun,mié,vie 9", SetDigest(HERE, "es", (9, 0), frozenset({0, 2, 4}))),
        # Portuguese
        ("aqui às 8h30 dias úteis", SetDigest(HERE, "pt", (8, 30), WEEKDAYS)),
        ("neste canal às 7 de segunda a sexta", SetDigest(HERE, "pt", (7, 0), WEEKDAYS)),
        ("aqui pular dias vazios", SetDigest(HERE, "pt", skip_empty=True)),
        ("aqui fuso America/Sao_Paulo", SetDigest(HERE, "pt", timezone="America/Sao_Paulo")),
        ("aqui seg-sex 9", SetDigest(HERE, "pt", (9, 0), WEEKDAYS)),
    ],
)
def test_setting_a_digest(text: str, expected: SetDigest) -> None:
    assert parse_digest_command(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ListDigests("en")),
        ("digest", ListDigests("en")),
        ("list", ListDigests("en")),
        ("listado", ListDigests("es")),
        ("help", DigestHelp("en")),
        ("ayuda", DigestHelp("es")),
        ("ajuda", DigestHelp("pt")),
        ("send me a preview now", Preview(HERE, "en")),
        ("#marketing preview", Preview(MARKETING, "en")),
        ("vista previa", Preview(HERE, "es")),
        ("prévia agora", Preview(HERE, "pt")),
        ("#marketing off", SetEnabled(MARKETING, False, "en")),
        ("here stop", SetEnabled(HERE, False, "en")),
        ("aquí desactivar", SetEnabled(HERE, False, "es")),
        ("aqui desligar", SetEnabled(HERE, False, "pt")),
        ("#marketing on", SetEnabled(MARKETING, True, "en")),
        ("edit", OpenEditor(HERE, "en")),
        ("#marketing editar", OpenEditor(MARKETING, "es")),  # Spanish or Portuguese: not English
    ],
)
def test_other_commands(text: str, expected: object) -> None:
    assert parse_digest_command(text) == expected


def test_channels_as_slack_escapes_them_or_as_ids() -> None:
    command = parse_digest_command("<#C0123ABCD|marketing> at 9")
    assert isinstance(command, SetDigest)
    assert command.target == ChannelRef(id="C0123ABCD", name="marketing")
    command = parse_digest_command("<#G0123ABCD> off")
    assert isinstance(command, SetEnabled) and command.target == ChannelRef(id="G0123ABCD")
    command = parse_digest_command("C0123ABCDE preview")
    assert isinstance(command, Preview) and command.target == ChannelRef(id="C0123ABCDE")


def test_the_reply_language_follows_the_one_rule() -> None:
    # The user's own locale first, whatever the words.
    assert parse_digest_command("list", user_language="pt") == ListDigests("pt")
    assert parse_digest_command("here 9:00", user_language="es").language == "es"
    assert parse_digest_command("ayuda", user_language="pt") == DigestHelp("pt")
    # Else the words; else the company's default; else English.
    assert parse_digest_command("ayuda", company_language="pt") == DigestHelp("es")
    assert parse_digest_command("#marketing 9:00", company_language="pt").language == "pt"
    assert parse_digest_command("#marketing 9:00").language == "en"


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("here 13pm", ("13pm",)),
        ("lsit", ("lsit",)),
        ("here tz Mars/Base", ("Mars/Base",)),  # as typed
        ("here at 9 fridya", ("fridya",)),
        ("aquí a las 9 mañanas", ("mañanas",)),
    ],
)
def test_words_not_understood_are_named_back_not_guessed(
    text: str, unknown: tuple[str, ...]
) -> None:
    with pytest.raises(DigestCommandError) as caught:
        parse_digest_command(text)
    assert caught.value.unrecognized == unknown


def test_an_error_speaks_the_commands_language() -> None:
    with pytest.raises(DigestCommandError) as caught:
        parse_digest_command("aquí a las 9 mañanas")
    assert caught.value.language == "es"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # As Slack sends an escaped command: & < > arrive as &amp; &lt; &gt;.
        ("here at 9:30 &amp; weekdays", SetDigest(HERE, "en", (9, 30), WEEKDAYS)),
        (
            "here at 9, weekdays and skip empty days",
            SetDigest(HERE, "en", (9, 0), WEEKDAYS, None, True),
        ),
        (
            "aquí a las 8:30, días hábiles y saltar días vacíos",
            SetDigest(HERE, "es", (8, 30), WEEKDAYS, None, True),
        ),
        ("aqui às 8h30 e pular dias vazios", SetDigest(HERE, "pt", (8, 30), None, None, True)),
        ("here mon, wed, fri 9", SetDigest(HERE, "en", (9, 0), frozenset({0, 2, 4}))),
    ],
)
def test_options_joined_by_and_commas_or_escaped_ampersands(text: str, expected: SetDigest) -> None:
    assert parse_digest_command(text) == expected


def test_an_escaped_word_not_understood_is_named_as_typed() -> None:
    with pytest.raises(DigestCommandError) as caught:
        parse_digest_command("here at 9 &lt;3")
    assert caught.value.unrecognized == ("<3",)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("aquí mar 9:00", {1}),  # "mar" is Tuesday: no month can stand here
        ("aquí lun,mar,mié 9", {0, 1, 2}),
        ("aquí de lun a mar", {0, 1}),
        ("aquí mar-jue", {1, 2, 3}),
    ],
)
def test_mar_is_tuesday_in_a_schedule(text: str, days: set[int]) -> None:
    command = parse_digest_command(text)
    assert isinstance(command, SetDigest)
    assert command.days == frozenset(days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aqui a las 9 de lunes a viernes", SetDigest(HERE, "es", (9, 0), WEEKDAYS)),
        ("aca omitir los dias vacios", SetDigest(HERE, "es", skip_empty=True)),
        ("aqui todos los dias a las 8", SetDigest(HERE, "es", (8, 0), EVERY_DAY)),
        ("aqui as 8h dias uteis", SetDigest(HERE, "pt", (8, 0), WEEKDAYS)),
        ("neste canal pular os dias vazios", SetDigest(HERE, "pt", skip_empty=True)),
    ],
)
def test_commands_typed_without_accents(text: str, expected: SetDigest) -> None:
    assert parse_digest_command(text) == expected


@pytest.mark.parametrize(("text", "unknown"), [("here skip", ("skip",)), ("here tz", ("tz",))])
def test_a_verb_without_its_object_is_named_back(text: str, unknown: tuple[str, ...]) -> None:
    with pytest.raises(DigestCommandError) as caught:
        parse_digest_command(text)
    assert caught.value.unrecognized == unknown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest here language es", SetDigest(HERE, "en", digest_language="es")),
        ("here lang pt at 8", SetDigest(HERE, "en", (8, 0), digest_language="pt")),
        ("here language Spanish", SetDigest(HERE, "en", digest_language="es")),
        ("aquí idioma inglés", SetDigest(HERE, "es", digest_language="en")),
        ("aquí en portugués", SetDigest(HERE, "es", digest_language="pt")),
        ("aqui idioma espanhol", SetDigest(HERE, "pt", digest_language="es")),
        ("aqui em inglês dias úteis", SetDigest(HERE, "pt", days=WEEKDAYS, digest_language="en")),
        ("#marketing português", SetDigest(MARKETING, "pt", digest_language="pt")),
    ],
)
def test_the_digests_language_by_code_after_the_word_or_by_name(
    text: str, expected: SetDigest
) -> None:
    assert parse_digest_command(text) == expected


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("here language klingon", ("klingon",)),
        ("here language", ("language",)),
        ("here es", ("es",)),  # a bare code could be any word: only after "language"
    ],
)
def test_a_language_we_do_not_speak_is_named_back(text: str, unknown: tuple[str, ...]) -> None:
    with pytest.raises(DigestCommandError) as raised:
        parse_digest_command(text)
    assert raised.value.unrecognized == unknown
