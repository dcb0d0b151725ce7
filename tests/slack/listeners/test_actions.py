"""Each button's round trip: a signed block action in, a replaced or new message out."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.domain.sends import PROBLEMS
from bot.message import actions
from bot.query.codec import decode_state, encode_state
from bot.report import count_failure_reasons
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ARCHIVED, DIRECT, ENGLISH, MEMBER, PRIVATE, PUBLIC, SPANISH
from tests.slack.harness import Harness, buttons, running_app, text_of


@pytest.fixture
async def app(slack: FakeSlackApi) -> AsyncIterator[Harness]:
    async with running_app(slack) as harness:
        yield harness


async def ask(app: Harness, text: str, **where: str) -> dict[str, Any]:
    return await app.answer(await app.command(text, **where))


def totals(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return next(b for b in blocks if b["type"] == "section" and "fields" in b)


async def click(app: Harness, action_id: str, value: str, **where: str) -> dict[str, Any]:
    reply = await app.click(action_id, value, **where)
    assert (reply.status, reply.ack) == (200, None)  # acknowledged at once, nothing shown
    return await app.answer(reply)


async def test_next_and_previous_page_replace_the_message(app: Harness) -> None:
    first = await ask(app, "last 30 days")
    assert "1–10 of" in text_of(first)
    assert actions.PAGE_PREV not in buttons(first)
    second = await click(app, actions.PAGE_NEXT, buttons(first)[actions.PAGE_NEXT][0])
    assert second["replace_original"] is True and second["response_type"] == "ephemeral"
    assert "11–20 of" in text_of(second)
    back = await click(app, actions.PAGE_PREV, buttons(second)[actions.PAGE_PREV][0])
    assert back["blocks"] == first["blocks"]


async def test_only_problems_narrows_the_same_question(app: Harness) -> None:
    everything = await ask(app, "últimos 30 días", user=SPANISH)
    narrowed = await click(
        app, actions.ONLY_PROBLEMS, buttons(everything)[actions.ONLY_PROBLEMS][0]
    )
    assert narrowed["replace_original"] is True
    state = decode_state(buttons(narrowed)[actions.SHARE][0])
    assert state.query.statuses == PROBLEMS
    assert state.query.range == decode_state(buttons(everything)[actions.SHARE][0]).query.range
    assert actions.ONLY_PROBLEMS not in buttons(narrowed)
    assert "parciales" in text_of(narrowed)  # still in the asker's language


@pytest.mark.parametrize("channel", [MEMBER, PUBLIC])
async def test_share_posts_the_same_answer_for_everyone_saying_who(
    app: Harness, channel: str
) -> None:
    answer = await ask(app, "failed last week", channel=channel)
    reply = await app.click(actions.SHARE, buttons(answer)[actions.SHARE][0], channel=channel)
    assert reply.status == 200
    await app.slack.wait_for(lambda: bool(app.slack.calls_to("chat.postMessage")))
    (post,) = app.slack.calls_to("chat.postMessage")
    assert post.auth == "bot" and post.args["channel"] == channel
    blocks = post.args["blocks"]
    assert blocks[0]["elements"][0]["text"] == f"Shared by <@{ENGLISH}>"
    assert totals(blocks) == totals(answer["blocks"])
    assert buttons(post.args) == {}
    assert post.args["text"].endswith(answer["text"])
    assert app.slack.posted_to(reply.response_url) == []  # nothing else to say


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (PRIVATE, "/invite @bulksends"),
        (DIRECT, "/invite @bulksends"),
        (ARCHIVED, "archived"),
    ],
)
async def test_share_where_the_app_cannot_post_says_what_to_do(
    app: Harness, channel: str, words: str
) -> None:
    answer = await ask(app, "failed last week", channel=channel)
    told = await click(app, actions.SHARE, buttons(answer)[actions.SHARE][0], channel=channel)
    assert words in text_of(told)
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False


async def test_share_waits_out_a_rate_limit(app: Harness) -> None:
    app.slack.fail_next("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "0"})
    answer = await ask(app, "failed last week")
    await app.click(actions.SHARE, buttons(answer)[actions.SHARE][0])
    await app.slack.wait_for(lambda: len(app.slack.calls_to("chat.postMessage")) == 2, timeout=5)


async def test_details_show_the_send_and_its_counted_failure_reasons(app: Harness) -> None:
    answer = await ask(app, "partial last 30 days")
    value = buttons(answer)[actions.DETAILS][0]
    send_id = decode_state(value).send_id
    shown = await click(app, actions.DETAILS, value)
    assert shown["replace_original"] is False  # the answer stays; details come beside it
    send = next(s for s in app.mindo.dataset.sends if s.id == send_id)
    messages = app.mindo.dataset.messages(send)
    text = text_of(shown)
    for reason in count_failure_reasons(messages)[:5]:
        assert f"{reason.text} — *{reason.count}*" in text
    assert "Created by" in text and "Duration" in text
    for message in messages:
        assert message.recipient_phone not in text


async def test_details_of_a_running_send_show_progress_and_time_left(app: Harness) -> None:
    answer = await ask(app, "processing today")
    shown = await click(app, actions.DETAILS, buttons(answer)[actions.DETAILS][0])
    assert "Time left" in text_of(shown) and "Progress" in text_of(shown)


async def test_details_of_a_send_mindo_no_longer_has(app: Harness) -> None:
    answer = await ask(app, "failed last week")
    state = decode_state(buttons(answer)[actions.DETAILS][0])
    value = encode_state(state.query, send_id="00000000-0000-0000-0000-000000000000")
    assert "Mindo couldn't find that" in text_of(await click(app, actions.DETAILS, value))


@pytest.mark.parametrize(
    "value",
    ["not a state", json.dumps({"v": 99}), "{" * 3000, ""],
)
async def test_a_button_the_app_did_not_write_is_answered_not_crashed(
    app: Harness, value: str
) -> None:
    for action_id in (actions.PAGE_NEXT, actions.SHARE):
        assert "older answer" in text_of(await click(app, action_id, value))
    assert app.mindo.requests == []


async def test_a_details_button_without_a_send_is_stale(app: Harness) -> None:
    answer = await ask(app, "failed last week")
    value = buttons(answer)[actions.SHARE][0]  # a state with no send id
    assert "older answer" in text_of(await click(app, actions.DETAILS, value))


async def test_any_replica_can_serve_any_click(app: Harness, slack: FakeSlackApi) -> None:
    answer = await ask(app, "last 30 days")
    async with running_app(slack) as other_replica:
        page = await click(other_replica, actions.PAGE_NEXT, buttons(answer)[actions.PAGE_NEXT][0])
    assert "11–20 of" in text_of(page)


async def test_demo_answers_say_so_on_every_button(slack: FakeSlackApi) -> None:
    async with running_app(slack, demo=True) as app:
        answer = await ask(app, "last week")
        assert "Demo data" in text_of(answer)
        page = await click(app, actions.ONLY_PROBLEMS, buttons(answer)[actions.ONLY_PROBLEMS][0])
        assert "Demo data" in text_of(page)
        details = await click(app, actions.DETAILS, buttons(answer)[actions.DETAILS][0])
        assert "Demo data" in text_of(details)
