"""The answer's buttons, their listeners called directly: what each click acks, replaces,
posts or raises (a click over signed HTTP: tests/slack/test_http.py and
tests/slack/test_request_path.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.domain.sends import PROBLEMS
from bot.locale.translate import translator
from bot.message import actions
from bot.message.reasons import explain
from bot.mindo.errors import NotFoundError
from bot.query.codec import StateError, decode_state, encode_state
from bot.report import count_failure_reasons
from bot.store.shares import open_share_store
from tests.factories import BUENOS_AIRES
from tests.fakes.bolt import People, listener_services
from tests.slack.conftest import (
    ARCHIVED,
    DIRECT,
    ENGLISH,
    FRENCH,
    MEMBER,
    PORTUGUESE,
    PRIVATE,
    PUBLIC,
    SPANISH,
)
from tests.slack.harness import buttons, clock, text_of
from tests.slack.listeners.driver import Listener, Outcome, workspace


async def ask(listener: Listener, text: str, **where: Any) -> dict[str, Any]:
    return (await listener.command(text, **where)).answer


def totals(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return next(b for b in blocks if b["type"] == "section" and "fields" in b)


async def click(listener: Listener, action_id: str, value: str, **where: Any) -> Outcome:
    clicked = await listener.click(action_id, value, **where)
    assert clicked.acks.calls == [{}]  # acknowledged at once, nothing shown
    return clicked


async def test_next_and_previous_page_replace_the_message(listener: Listener) -> None:
    first = await ask(listener, "last 30 days")
    assert "1–10 of" in text_of(first)
    assert actions.PAGE_PREV not in buttons(first)
    second = (await click(listener, actions.PAGE_NEXT, buttons(first)[actions.PAGE_NEXT][0])).answer
    assert second["replace_original"] is True and second["response_type"] == "ephemeral"
    assert "11–20 of" in text_of(second)
    back = (await click(listener, actions.PAGE_PREV, buttons(second)[actions.PAGE_PREV][0])).answer
    assert back["blocks"] == first["blocks"]


async def test_only_problems_narrows_the_same_question(listener: Listener) -> None:
    everything = await ask(listener, "últimos 30 días", user=SPANISH)
    value = buttons(everything)[actions.ONLY_PROBLEMS][0]
    narrowed = (await click(listener, actions.ONLY_PROBLEMS, value, user=SPANISH)).answer
    assert narrowed["replace_original"] is True
    state = decode_state(buttons(narrowed)[actions.SHARE][0])
    assert state.query.statuses == PROBLEMS
    assert state.query.range == decode_state(buttons(everything)[actions.SHARE][0]).query.range
    assert actions.ONLY_PROBLEMS not in buttons(narrowed)
    assert "parciales" in text_of(narrowed)  # still in the asker's language


@pytest.mark.parametrize("channel", [MEMBER, PUBLIC])
async def test_share_posts_the_same_answer_for_everyone_saying_who(
    listener: Listener, channel: str
) -> None:
    answer = await ask(listener, "failed last week", channel=channel)
    shared = await click(
        listener, actions.SHARE, buttons(answer)[actions.SHARE][0], channel=channel
    )
    (post,) = shared.web.calls_to("chat.postMessage")
    assert post["channel"] == channel
    blocks = post["blocks"]
    assert blocks[0]["elements"][0]["text"] == f"Shared by <@{ENGLISH}>"
    assert totals(blocks) == totals(answer["blocks"])
    # Only what makes sense for everyone: Details (they answer whoever clicks), no paging,
    # no Only problems, no Share; and no "+N more" for a page nobody can turn.
    assert set(buttons(post)) == {actions.DETAILS}
    assert "more ·" not in text_of(post) and "page 1 of" not in text_of(post)


async def test_a_shared_long_answer_says_what_it_shows_up_front(listener: Listener) -> None:
    answer = await ask(listener, "last 30 days")
    assert "more · page 1 of" in text_of(answer)  # the asker can page
    shared = await click(listener, actions.SHARE, buttons(answer)[actions.SHARE][0])
    (post,) = shared.web.calls_to("chat.postMessage")
    text = text_of(post)
    assert "1–10 of" in text and "more · page" not in text and "more template" not in text
    last = post["blocks"][-1]
    assert not json.dumps(last).count("+")  # it does not end in a dangling "+N more"
    assert post["text"].endswith(answer["text"])
    assert shared.responses.messages == []  # nothing else to say


async def test_share_clicked_twice_posts_once_and_says_where_it_is(listener: Listener) -> None:
    answer = await ask(listener, "last 30 days")
    value = buttons(answer)[actions.SHARE][0]
    first = await click(listener, actions.SHARE, value)
    assert len(first.web.calls_to("chat.postMessage")) == 1
    second = await click(listener, actions.SHARE, value)
    assert second.web.calls_to("chat.postMessage") == []  # one post, whoever clicks again
    told = second.answer
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False
    assert told["text"] == (
        f"📌 <@{ENGLISH}> already shared this answer here: "
        "<https://fake.slack.test/archives/CMEMBER/p1000100|see it>."
    )
    # Another answer (page 2, or the same question asked again) is another share.
    other = await click(listener, actions.SHARE, buttons(answer)[actions.PAGE_NEXT][0])
    assert len(other.web.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("user", "said"),
    [
        (SPANISH, f"📌 <@{ENGLISH}> ya compartió esta respuesta aquí"),
        (PORTUGUESE, f"📌 <@{ENGLISH}> já compartilhou esta resposta aqui"),
        (FRENCH, f"📌 <@{ENGLISH}> already shared this answer here"),  # the answer's language
    ],
)
async def test_already_shared_is_told_in_the_clickers_own_language(
    listener: Listener, user: str, said: str
) -> None:
    value = buttons(await ask(listener, "failed last week"))[actions.SHARE][0]
    await click(listener, actions.SHARE, value)
    again = await click(listener, actions.SHARE, value, user=user)
    assert again.answer["text"].startswith(said)


async def test_share_clicked_twice_at_once_posts_once(listener: Listener) -> None:
    answer = await ask(listener, "failed last week")
    value = buttons(answer)[actions.SHARE][0]
    both = await asyncio.gather(*(click(listener, actions.SHARE, value) for _ in range(2)))
    posts = [p for clicked in both for p in clicked.web.calls_to("chat.postMessage")]
    assert len(posts) == 1
    (waiting,) = [c for c in both if not c.web.calls_to("chat.postMessage")]
    assert "is sharing this answer here right now" in waiting.answer["text"]


async def test_a_share_that_failed_can_be_tried_again(listener: Listener) -> None:
    answer = await ask(listener, "failed last week", channel=PRIVATE)
    value = buttons(answer)[actions.SHARE][0]
    refused = {"chat.postMessage": "channel_not_found"}
    await click(listener, actions.SHARE, value, channel=PRIVATE, refuse=refused)
    again = await click(listener, actions.SHARE, value, channel=PRIVATE)  # after /invite
    assert len(again.web.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("channel", "refusal", "words"),
    [
        (PRIVATE, "channel_not_found", "/invite @bulksends"),
        (DIRECT, "channel_not_found", "/invite @bulksends"),
        (ARCHIVED, "is_archived", "archived"),
    ],
)
async def test_share_where_the_app_cannot_post_says_what_to_do(
    listener: Listener, channel: str, refusal: str, words: str
) -> None:
    # Answers in a direct message have no Share; one from before they lost it still works.
    answer = await ask(
        listener, "failed last week", channel=MEMBER if channel == DIRECT else channel
    )
    value = buttons(answer)[actions.SHARE][0]
    refused = {"chat.postMessage": refusal}
    told = await click(listener, actions.SHARE, value, channel=channel, refuse=refused)
    assert words in text_of(told.answer)
    assert told.answer["response_type"] == "ephemeral" and told.answer["replace_original"] is False


async def test_details_show_the_send_and_its_counted_failure_reasons(listener: Listener) -> None:
    answer = await ask(listener, "partial last 30 days")
    value = buttons(answer)[actions.DETAILS][0]
    send_id = decode_state(value).send_id
    shown = (await click(listener, actions.DETAILS, value)).answer
    assert shown["replace_original"] is False  # the answer stays; details come beside it
    send = next(s for s in listener.mindo.dataset.sends if s.id == send_id)
    messages = listener.mindo.dataset.messages(send)
    text = text_of(shown)
    for reason in count_failure_reasons(messages)[:5]:
        assert explain(reason, translator("en")).title in text
    assert "Created by" in text and "Finished" in text
    for message in messages:
        assert message.recipient_phone not in text


async def test_details_of_a_running_send_show_progress_and_time_left(listener: Listener) -> None:
    answer = await ask(listener, "processing today")
    shown = (await click(listener, actions.DETAILS, buttons(answer)[actions.DETAILS][0])).answer
    assert "Should finish around" in text_of(shown) and "Progress" in text_of(shown)


async def test_details_of_a_send_mindo_no_longer_has(listener: Listener) -> None:
    answer = await ask(listener, "failed last week")
    state = decode_state(buttons(answer)[actions.DETAILS][0])
    value = encode_state(state.query, send_id="00000000-0000-0000-0000-000000000000")
    clicked = await click(listener, actions.DETAILS, value)
    assert isinstance(clicked.raised, NotFoundError)
    assert "Mindo couldn't find that" in text_of(clicked.answer)


@pytest.mark.parametrize(
    "value",
    ["not a state", json.dumps({"v": 99}), "{" * 3000, ""],
)
async def test_a_button_the_app_did_not_write_is_answered_not_crashed(
    listener: Listener, value: str
) -> None:
    for action_id in (actions.PAGE_NEXT, actions.SHARE, actions.DETAILS):
        clicked = await click(listener, action_id, value)
        assert isinstance(clicked.raised, StateError)
        assert "older answer" in text_of(clicked.answer)
    assert listener.mindo.requests == []


async def test_a_details_button_without_a_send_is_stale(listener: Listener) -> None:
    answer = await ask(listener, "failed last week")
    value = buttons(answer)[actions.SHARE][0]  # a state with no send id
    assert "older answer" in text_of((await click(listener, actions.DETAILS, value)).answer)


async def test_any_replica_can_serve_any_click(listener: Listener) -> None:
    answer = await ask(listener, "last 30 days")
    people = workspace()
    async with listener_services(clock, people) as elsewhere:
        other_replica = Listener(elsewhere, people, None)
        page = await click(other_replica, actions.PAGE_NEXT, buttons(answer)[actions.PAGE_NEXT][0])
    assert "11–20 of" in text_of(page.answer)
    assert other_replica.problems == []


async def test_demo_answers_say_so_on_every_button() -> None:
    people: People = workspace()
    async with listener_services(clock, people, demo=True) as services:
        demo = Listener(services, people, None)
        answer = await ask(demo, "last week")
        assert "Demo data" in text_of(answer)
        for action_id in (actions.ONLY_PROBLEMS, actions.DETAILS):
            shown = await click(demo, action_id, buttons(answer)[action_id][0])
            assert "Demo data" in text_of(shown.answer)
        shared = await click(demo, actions.SHARE, buttons(answer)[actions.SHARE][0])
        (post,) = shared.web.calls_to("chat.postMessage")
        assert "Demo data" in text_of(post)
    assert demo.problems == []


async def test_a_question_button_on_home_answers_in_the_apps_messages(
    listener: Listener,
) -> None:
    clicked = await listener.click_on_home(actions.ask_id(0), "fallidos la semana pasada")
    assert clicked.raised is None and clicked.acks.calls == [{}]
    (posted,) = clicked.web.calls_to("chat.postMessage")
    assert posted["channel"] == ENGLISH  # the app's messages with the clicker
    expected = listener.expected_summary("failed last week", BUENOS_AIRES)
    assert posted["text"] == expected["text"]  # in the clicker's language and zone
    assert totals(posted["blocks"]) == totals(expected["blocks"])
    # Share would post in this same conversation, for nobody else: not offered there.
    assert actions.SHARE not in buttons(posted)
    assert actions.DETAILS in buttons(posted)


@pytest.mark.parametrize("question", ["last 30 days", "this month by template"])
async def test_answers_in_a_direct_message_offer_no_share_even_after_paging(
    listener: Listener, question: str
) -> None:
    """A command typed in a direct message, or a page turned there: no Share (it would
    post in that conversation, which the app is not in or where nobody else reads)."""
    asked = await listener.command(question, channel=DIRECT)
    assert actions.SHARE not in buttons(asked.answer)
    if question == "last 30 days":
        value = buttons(asked.answer)[actions.PAGE_NEXT][0]
        turned = await click(listener, actions.PAGE_NEXT, value, channel=DIRECT)
        assert actions.SHARE not in buttons(turned.answer)
        assert actions.PAGE_PREV in buttons(turned.answer)
        in_channel = await click(listener, actions.PAGE_NEXT, value)
        assert actions.SHARE in buttons(in_channel.answer)


async def test_a_question_button_that_is_not_understood_is_said_in_the_apps_messages(
    listener: Listener,
) -> None:
    clicked = await listener.click_on_home(actions.ask_id(1), "gibberish words")
    (told,) = clicked.web.calls_to("chat.postMessage")
    assert told["channel"] == ENGLISH and "*gibberish*" in told["text"]


async def test_details_from_the_home_tab_open_in_a_modal_at_once_then_fill_in(
    listener: Listener,
) -> None:
    answer = await ask(listener, "partial last 30 days")
    value = buttons(answer)[actions.DETAILS][0]
    clicked = await listener.click_on_home(actions.DETAILS, value, user=SPANISH)
    assert clicked.raised is None
    assert [call.method for call in clicked.web.calls] == ["views.open", "views.update"]
    opened, updated = clicked.web.calls_to("views.open"), clicked.web.calls_to("views.update")
    assert opened[0]["trigger_id"] == f"trigger.{SPANISH}"
    assert "⏳" in text_of(opened[0]["view"])
    assert updated[0]["view_id"] == "V1" and updated[0]["hash"] == "h1"
    assert "Por qué fallaron los mensajes" in text_of(updated[0]["view"])  # the clicker's


async def test_share_clicked_on_two_replicas_posts_once(listener: Listener, db_target: str) -> None:
    """Two processes, one database: the second click lands on the other replica."""
    first, second = await open_share_store(db_target), await open_share_store(db_target)
    try:
        answer = await ask(listener, "failed last week")
        value = buttons(answer)[actions.SHARE][0]
        listener.services.shared.shares = first
        posted = await click(listener, actions.SHARE, value)
        listener.services.shared.shares = second
        again = await click(listener, actions.SHARE, value)
    finally:
        await first.close()
        await second.close()
    assert len(posted.web.calls_to("chat.postMessage")) == 1
    assert again.web.calls_to("chat.postMessage") == []
    assert "already shared this answer here" in again.answer["text"]
