"""``/bulksends``: what the command listener acks, what it answers and what it raises,
called directly with fakes (the signed request path: tests/slack/test_request_path.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.demo.api import FakeMindoApi, Fault
from bot.demo.data import build_demo_dataset
from bot.domain.dates import DateRange
from bot.domain.sends import Status
from bot.message import actions, build_help_message
from bot.mindo.errors import AuthenticationError, MindoError
from bot.query.codec import decode_state
from bot.query.model import QueryError
from bot.slack.replies import ResponseUrlError
from bot.slack.services import CommandCall
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME
from tests.fakes.bolt import MINDO_KEY, listener_services
from tests.slack.conftest import ENGLISH, FRENCH, NO_ZONE, PORTUGUESE, SPANISH, STRANGER
from tests.slack.harness import buttons, clock, text_of
from tests.slack.listeners.driver import Listener, workspace


async def test_a_question_is_acked_at_once_then_answered_exactly(listener: Listener) -> None:
    """An empty ack shows nothing: a quick answer arrives alone, with no "Looking up…"
    left above it (Slack cannot take a command's ack or response back)."""
    asked = await listener.command("failed last week")
    assert asked.ack == {}
    assert asked.answer == listener.expected_summary("failed last week", BUENOS_AIRES)
    state = decode_state(buttons(asked.answer)[actions.SHARE][0])
    assert state.query.statuses == {Status.FAILED}
    assert state.query.range == DateRange(date(2026, 11, 9), date(2026, 11, 15))


@pytest.mark.parametrize(
    ("user", "text", "waiting"),
    [
        (
            ENGLISH,
            "failed last week",
            "⏳ Looking up failed bulk sends for Nov 9\u2009–\u200915, 2026…",
        ),
        (SPANISH, "fallidos ayer", "⏳ Buscando envíos masivos fallidos para 17 nov 2026…"),
        (PORTUGUESE, "falhados ontem", "⏳ Buscando envios em massa com falha para 17 de nov."),
    ],
)
async def test_a_slow_answer_is_announced_then_replaces_the_announcement(
    listener: Listener, user: str, text: str, waiting: str
) -> None:
    asked = await listener.command(text, user=user, slow_answer=True)
    assert asked.ack == {}
    announced, answered = asked.responses.messages
    assert announced["text"].startswith(waiting) and announced["response_type"] == "ephemeral"
    assert announced["replace_original"] is False
    assert answered["replace_original"] is True  # where Slack allows it, the answer takes its place
    assert actions.SHARE in buttons(answered)


async def test_an_error_after_an_announcement_replaces_it_too(listener: Listener) -> None:
    listener.mindo.behaviour.faults.extend(Fault(status=503) for _ in range(20))
    asked = await listener.command("failed today", slow_answer=True)
    announced, told = asked.responses.messages
    assert "⏳" in announced["text"]
    assert "Mindo isn't answering right now" in text_of(told)
    assert told["replace_original"] is True


async def test_dates_are_read_in_the_askers_own_zone_and_language(listener: Listener) -> None:
    asked = await listener.command("fallidos ayer", user=SPANISH)
    assert asked.answer == listener.expected_summary("fallidos ayer", "America/Mexico_City")
    query = decode_state(buttons(asked.answer)[actions.SHARE][0]).query
    assert (query.timezone, query.language) == ("America/Mexico_City", "es")
    assert query.range == DateRange(date(2026, 11, 17), date(2026, 11, 17))


async def test_a_bare_command_is_help_in_the_users_language(listener: Listener) -> None:
    asked = await listener.command("", user=PORTUGUESE)
    assert asked.ack == {**build_help_message("pt").to_dict(), "response_type": "ephemeral"}
    assert asked.responses.messages == [] and listener.mindo.requests == []


@pytest.mark.parametrize(
    ("text", "user", "hello"),
    [
        ("hi", ENGLISH, "👋 Hi! Ask me about your bulk sends"),
        ("hola", SPANISH, "👋 ¡Hola! Pregúntame por tus envíos masivos"),
        ("oi, tudo bem?", PORTUGUESE, "👋 Oi! Pergunte sobre seus envios em massa"),
        ("thanks", ENGLISH, "😊 You're welcome!"),
        ("gracias", SPANISH, "😊 ¡De nada!"),
        ("valeu", PORTUGUESE, "😊 De nada!"),
        ("valeu", FRENCH, "😊 De nada!"),  # no language of ours in their Slack: the words'
    ],
)
async def test_a_greeting_or_thanks_gets_a_hello_with_questions_to_try(
    listener: Listener, text: str, user: str, hello: str
) -> None:
    asked = await listener.command(text, user=user)
    assert asked.ack["text"].startswith(hello)
    assert asked.ack["response_type"] == "ephemeral"
    assert "/bulksends" in asked.ack["text"]  # the fallback names questions to type
    assert len(buttons(asked.ack)) == 3
    assert asked.responses.messages == []  # no report: no send was read
    assert not [r for r in listener.mindo.requests if "bulk-sends" in r.url]


async def test_a_question_from_the_hello_is_answered_in_its_place(listener: Listener) -> None:
    hello = (await listener.command("hola", user=SPANISH)).ack
    (action_id, (value, *_)) = next(iter(buttons(hello).items()))
    clicked = await listener.click(action_id, value, user=SPANISH)
    assert clicked.raised is None
    answer = clicked.answer
    assert answer["replace_original"] is True  # the hello becomes the answer
    assert actions.SHARE in buttons(answer)  # asked in a channel: it can be shared
    assert _language(answer) == "es"
    assert clicked.web.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("user", [NO_ZONE, STRANGER])
async def test_without_a_user_zone_the_companys_is_used(listener: Listener, user: str) -> None:
    answer = (await listener.command("today", user=user)).answer
    assert BUENOS_AIRES in text_of(answer)


async def test_a_slow_profile_does_not_hold_the_ack_but_shapes_the_answer(
    listener: Listener,
) -> None:
    asked = await listener.command("fallidos ayer", user=SPANISH, slow_profile=True)
    assert asked.ack == {}
    assert asked.answer == listener.expected_summary("fallidos ayer", "America/Mexico_City")
    assert listener.people.asked == [SPANISH]  # one lookup serves the ack's wait and the answer
    slow = await listener.command("fallidos ayer", user=SPANISH, slow_answer=True)
    assert "17 nov" in slow.responses.messages[0]["text"]  # the profile is known now


async def test_a_bare_command_with_a_slow_profile_acks_in_english_answers_in_theirs(
    listener: Listener,
) -> None:
    asked = await listener.command(
        "everything", user=PORTUGUESE, slow_profile=True, slow_answer=True
    )
    announced, answered = asked.responses.messages
    assert announced["text"] == "⏳ Looking up bulk sends…"
    assert "últimos 7 dias por padrão" in text_of(answered)
    assert "America/Sao_Paulo" in text_of(answered)


async def test_without_the_profile_a_future_date_is_judged_in_the_askers_zone(
    listener: Listener,
) -> None:
    asked = await listener.command("next year", slow_profile=True)
    assert asked.ack == {}
    assert "future" in text_of(asked.answer).lower()


async def test_words_spanish_and_portuguese_share_answer_in_the_askers_language(
    listener: Listener,
) -> None:
    slow = await listener.command("problemas", user=PORTUGUESE, slow_profile=True, slow_answer=True)
    announced, answered = slow.responses.messages
    assert "Buscando envíos masivos" in announced["text"]  # said before the profile came
    assert decode_state(buttons(answered)[actions.SHARE][0]).query.language == "pt"
    known = await listener.command("problemas", user=PORTUGUESE, slow_answer=True)
    assert "Buscando envios em massa" in known.responses.messages[0]["text"]


async def test_help_is_the_ack_itself(listener: Listener) -> None:
    asked = await listener.command("ayuda", user=SPANISH)
    assert asked.ack == {**build_help_message("es").to_dict(), "response_type": "ephemeral"}
    assert asked.responses.messages == []
    assert listener.mindo.requests == []


async def test_the_askers_slack_language_comes_before_the_words(listener: Listener) -> None:
    asked = await listener.command("ayuda")  # typed in Spanish by someone whose Slack is English
    assert asked.ack == {**build_help_message("en").to_dict(), "response_type": "ephemeral"}


async def test_unknown_words_are_named_back_with_what_to_try(listener: Listener) -> None:
    asked = await listener.command("faild lsat wek")
    assert asked.ack == {}
    assert isinstance(asked.raised, QueryError)  # after the ack: maybe one of the templates
    assert asked.raised.unrecognized == ("faild", "lsat", "wek")
    text = text_of(asked.answer)
    assert "faild" in text and "did you mean" in text and "failed last week" in text


async def test_an_unknown_word_can_be_one_of_the_accounts_templates(listener: Listener) -> None:
    template = listener.mindo.dataset.sends[0].template.name
    answer = (await listener.command(f"{template} this month")).answer
    assert template in text_of(answer) and "this month" in text_of(answer)


async def test_a_question_too_long_is_answered_in_the_ack(listener: Listener) -> None:
    asked = await listener.command("failed " * 100)
    assert "500" in asked.ack["text"]
    assert asked.responses.messages == [] and listener.mindo.requests == []


async def test_an_empty_result_says_so_and_how_to_widen_the_question(listener: Listener) -> None:
    text = text_of((await listener.command("cancelled today")).answer)
    assert "No cancelled bulk sends" in text and "last 30 days" in text


async def test_a_rejected_mindo_key_says_what_to_do_after_the_ack() -> None:
    people = workspace()
    mindo = FakeMindoApi(build_demo_dataset(WEDNESDAY_LUNCHTIME), api_key=MINDO_KEY)
    wrong = "mindo_wrong_key_000000000000"
    async with listener_services(clock, people, mindo=mindo, key=wrong) as services:
        asked = await Listener(services, people, mindo).command("failed today")
    assert asked.ack == {}  # acknowledged first: Slack never waits on Mindo
    assert isinstance(asked.raised, AuthenticationError)
    text = text_of(asked.answer)
    assert "Mindo rejected the API key" in text and "MINDO_API_KEY" in text
    assert "mindo_wrong_key" not in text


async def test_mindo_down_says_to_try_again_later(listener: Listener) -> None:
    listener.mindo.behaviour.faults.extend(Fault(status=503) for _ in range(20))
    asked = await listener.command("failed today")
    assert asked.ack == {}
    assert isinstance(asked.raised, MindoError)
    assert "Mindo isn't answering right now" in text_of(asked.answer)


async def test_an_answer_slack_refuses_is_followed_by_a_plain_apology(listener: Listener) -> None:
    asked = await listener.command("failed last week", refuse=(400, "invalid_blocks"))
    assert isinstance(asked.raised, ResponseUrlError)
    assert (asked.raised.status, asked.raised.reason) == (400, "invalid_blocks")
    assert "Slack didn't accept my answer" in text_of(asked.answer)  # the refused one is gone


async def test_a_spent_response_url_is_left_alone(
    listener: Listener, caplog: pytest.LogCaptureFixture
) -> None:
    asked = await listener.command("failed last week", refuse=(404, "expired_url"))
    assert isinstance(asked.raised, ResponseUrlError)
    assert asked.responses.messages == []  # no second try into a dead end
    assert "expired_url" in caplog.text


async def test_sub_commands_route_by_first_word_and_questions_are_the_default(
    listener: Listener,
) -> None:
    seen: list[CommandCall] = []

    async def echo(call: CommandCall) -> None:
        seen.append(call)
        await call.ack(text=f"echo {call.text}")

    listener.services.subcommands.add(echo, "echo", "eco")
    assert (await listener.command("ECO hola  mundo", user=SPANISH)).ack == {
        "text": "echo hola  mundo"
    }
    (call,) = seen
    assert call.text == "hola  mundo"
    assert (call.caller.user_id, call.caller.language) == (SPANISH, "es")  # the whole profile
    question = await listener.command("failed echo")  # not the first word: part of a question
    assert "echo" in text_of(question.answer)
    assert len(seen) == 1
    with pytest.raises(ValueError, match="already taken"):
        listener.services.subcommands.add(echo, "echo")


def _language(answer: dict[str, object]) -> str:
    return decode_state(buttons(answer)[actions.SHARE][0]).query.language


async def test_a_locale_we_do_not_speak_lets_the_question_decide(listener: Listener) -> None:
    asked = await listener.command("fallidos ayer", user=FRENCH, slow_answer=True)
    announced, answered = asked.responses.messages
    assert "Buscando" in announced["text"]
    assert _language(answered) == "es"
    portuguese = await listener.command("falhados ontem", user=FRENCH)
    assert _language(portuguese.answer) == "pt"


@pytest.mark.parametrize("user", [FRENCH, STRANGER])
async def test_words_of_no_language_are_answered_in_the_companys(
    listener: Listener, user: str
) -> None:
    """A template's name says nothing about the language: the demo company writes most of
    its templates in Spanish, so the answer is Spanish, for a French locale and for someone
    whose profile cannot be read alike."""
    asked = await listener.command("welcome_message", user=user)
    assert _language(asked.answer) == "es"
    assert "welcome_message" in text_of(asked.answer)


async def test_an_unknown_profile_asking_in_spanish_is_answered_in_spanish(
    listener: Listener,
) -> None:
    assert _language((await listener.command("fallidos ayer", user=STRANGER)).answer) == "es"


async def test_a_sub_command_may_open_with_a_phrase_read_without_case_or_accents(
    listener: Listener,
) -> None:
    seen: list[str] = []

    async def daily(call: CommandCall) -> None:
        seen.append(call.text)
        await call.ack()

    listener.services.subcommands.add(daily, "resumo diário", "resumen diario")
    await listener.command("Resumo Diario  aqui às 9:00", user=PORTUGUESE)
    await listener.command("resumen diario")
    assert seen == ["aqui às 9:00", ""]
    question = await listener.command("resumen de ayer", user=SPANISH)  # not the phrase
    assert question.answer and seen == ["aqui às 9:00", ""]
