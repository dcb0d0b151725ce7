"""`/bulksends alerts …` and the Home tab through the real app in HTTP mode (signed requests,
the fake Slack, the fake Mindo): that the feature is plugged in under each language's word
and lists in the Home tab. What each handler decides: tests/alerts/test_commands.py."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from bot.alerts.poll import AlertPolicy
from bot.alerts.slack import alerts_feature
from bot.store.alerts import open_alert_store
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ENGLISH, MEMBER, SPANISH
from tests.slack.harness import running_app


async def test_the_command_and_the_home_tab_through_the_app(
    slack: FakeSlackApi, tmp_path: Path
) -> None:
    db = str(tmp_path / "alerts.db")
    slack.users[SPANISH]["is_admin"] = True
    feature = partial(alerts_feature, store_target=db, policy=AlertPolicy(interval=3600.0))
    async with running_app(slack, features=[feature]) as app:
        reply = await app.command("alertas aquí umbral 20%", user=SPANISH)
        assert reply.status == 200
        answer = await app.answer(reply)
        assert answer["text"].startswith("🔔 Las alertas están activas en <#CMEMBER>")
        refused = await app.command("alerts here off", user=ENGLISH)
        assert refused.ack is not None
        assert refused.ack["text"].startswith("🔒 Only workspace admins and owners")
        listed = await app.command("alerts", user=ENGLISH)
        assert listed.ack is not None and "<#CMEMBER>" in json.dumps(listed.ack)
        assert await app.open_home(ENGLISH) == 200
        await slack.wait_for(lambda: bool(slack.calls_to("views.publish")))
        view = json.dumps(slack.calls_to("views.publish")[-1].args["view"], ensure_ascii=False)
        assert "🔔 Alerts" in view and "<#CMEMBER>" in view
    store = await open_alert_store(db)
    try:
        channel = await store.get_channel(MEMBER)
    finally:
        await store.close()
    assert channel is not None and channel.threshold == 20.0 and channel.enabled
