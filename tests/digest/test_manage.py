from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.digest.manage import Change, apply_change, env_digest
from bot.domain.schedule import EVERY_DAY, WEEKDAYS, DigestSchedule
from bot.message.digest_replies import build_list_message, build_not_allowed_message, describe_days
from bot.settings import ConfigError, EnvDigest, load_admins, load_env_digest
from tests.factories import BLACK_FRIDAY_NOON, make_digest


def change(existing: object, what: Change, **kwargs: object) -> object:
    fields: dict[str, object] = {
        "channel_id": "C1",
        "channel_name": "mkt",
        "user_id": "U2",
        "default_language": "es",
        "default_timezone": "America/Bogota",
        "now": BLACK_FRIDAY_NOON,
    } | kwargs
    return apply_change(existing, what, **fields)  # type: ignore[arg-type]


def test_a_digest_keeps_its_language_until_one_is_named() -> None:
    digest = change(None, Change(language="pt"))
    assert digest.language == "pt"  # type: ignore[attr-defined]
    # Someone else changing its time in another language does not change what it speaks.
    later = change(digest, Change(time=(7, 0)), default_language="en")
    assert later.language == "pt"  # type: ignore[attr-defined]
    assert change(later, Change(language="en")).language == "en"  # type: ignore[attr-defined]


def test_a_new_digest_gets_the_defaults() -> None:
    digest = change(None, Change(time=(8, 30)))
    assert digest == make_digest(
        "C1",
        hour=8,
        minute=30,
        tz="America/Bogota",
        since=BLACK_FRIDAY_NOON,
        channel_name="mkt",
        created_by="U2",
        updated_by="U2",
        language="es",
    )


def test_changing_one_thing_keeps_the_rest_and_restarts_only_on_schedule_changes() -> None:
    old = make_digest("C1", hour=9, days=WEEKDAYS, tz="Europe/Madrid", skip_empty=True)
    only_skip = change(old, Change(skip_empty=False))
    assert only_skip.schedule == old.schedule and not only_skip.skip_empty  # type: ignore[attr-defined]
    assert only_skip.active_since == old.active_since  # type: ignore[attr-defined]
    assert only_skip.created_by == old.created_by  # type: ignore[attr-defined]
    new_zone = change(old, Change(timezone="UTC"))
    assert new_zone.schedule == DigestSchedule(9, 0, WEEKDAYS, "UTC")  # type: ignore[attr-defined]
    assert new_zone.active_since == BLACK_FRIDAY_NOON  # type: ignore[attr-defined]


def test_turning_back_on_restarts_it() -> None:
    old = make_digest("C1", enabled=False)
    assert change(old, Change(enabled=True)).active_since == BLACK_FRIDAY_NOON  # type: ignore[attr-defined]
    off = change(make_digest("C1"), Change(enabled=False))
    assert not off.enabled and off.active_since != BLACK_FRIDAY_NOON  # type: ignore[attr-defined]


def test_admins_from_the_environment() -> None:
    assert load_admins({"BULKSENDS_ADMINS": "U012AB, W0X99 ,U07"}) == {"U012AB", "W0X99", "U07"}
    assert load_admins({}) == frozenset()
    with pytest.raises(ConfigError, match="BULKSENDS_ADMINS"):
        load_admins({"BULKSENDS_ADMINS": "@maria"})


def test_env_settings() -> None:
    assert load_env_digest({}) is None
    assert load_env_digest({"DIGEST_CHANNEL": "C0AB12", "DIGEST_TZ": "Europe/Madrid"}) == (
        EnvDigest("C0AB12", (9, 0), "Europe/Madrid")
    )
    for bad, name in (
        ({"DIGEST_CHANNEL": "marketing"}, "DIGEST_CHANNEL"),
        ({"DIGEST_CHANNEL": "C0AB12", "DIGEST_TIME": "25:00"}, "DIGEST_TIME"),
        ({"DIGEST_CHANNEL": "C0AB12", "DIGEST_TZ": "Nowhere"}, "DIGEST_TZ"),
    ):
        with pytest.raises(ConfigError, match=name):
            load_env_digest(bad)


def test_env_digest_never_overrides_one_set_up_in_slack() -> None:
    wanted = EnvDigest("C1", (7, 0), None)
    created = env_digest(wanted, None, default_timezone="UTC", now=BLACK_FRIDAY_NOON)
    assert created is not None and created.created_by == "" and created.schedule.hour == 7
    assert (
        env_digest(wanted, created, default_timezone="UTC", now=BLACK_FRIDAY_NOON) is None
    )  # unchanged
    moved = env_digest(
        EnvDigest("C1", (8, 0), None), created, default_timezone="UTC", now=BLACK_FRIDAY_NOON
    )
    assert moved is not None and moved.schedule.hour == 8
    from_slack = make_digest("C1", created_by="U1")
    assert env_digest(wanted, from_slack, default_timezone="UTC", now=BLACK_FRIDAY_NOON) is None


def test_days_in_words() -> None:
    assert describe_days(EVERY_DAY, "en") == "every day"
    assert describe_days(WEEKDAYS, "pt") == "de segunda a sexta"
    assert describe_days(frozenset({0, 2, 4}), "en") == "Mon, Wed, Fri"


def test_the_list_shows_schedule_next_post_and_problems() -> None:
    ok = make_digest("C1", days=WEEKDAYS)
    broken = replace(
        make_digest("C2"),
        last_error="not_in_channel",
        last_error_at=BLACK_FRIDAY_NOON - timedelta(hours=3),
    )
    off = make_digest("C3", enabled=False)
    message = build_list_message([ok, broken, off], {}, BLACK_FRIDAY_NOON, "en")
    # Babel puts a narrow no-break space before AM.
    text = json.dumps(message.to_dict(), ensure_ascii=False).replace("\u202f", " ")
    assert "*<#C1>* · Monday to Friday at 9:00 AM (Buenos Aires time)" in text
    assert "next: Nov 30, 2026 at 9:00 AM" in text  # Friday 12:00 there, so Monday
    assert "⚠️ couldn't post on Nov 27, 2026: I'm not a member of that channel." in text
    assert "not_in_channel" not in text  # Slack's code, worded
    spanish = json.dumps(
        build_list_message([broken], {}, BLACK_FRIDAY_NOON, "es").to_dict(), ensure_ascii=False
    )
    assert "⚠️ no se pudo publicar el 27 nov 2026: no soy miembro de ese canal." in spanish
    assert "⏸️ off" in text
    many = [make_digest(f"C{n:03d}") for n in range(100)]
    rendered = build_list_message(many, {}, BLACK_FRIDAY_NOON, "es").to_dict()
    assert "+70 resúmenes más." in str(rendered)


def test_not_allowed_names_the_listed_users() -> None:
    text = build_not_allowed_message(frozenset({"U2", "U1"}), "en").text
    assert "admins and owners (and <@U1>, <@U2>)" in text
