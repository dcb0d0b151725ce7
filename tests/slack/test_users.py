import asyncio

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.users import UNKNOWN_USER, UserDirectory, UserProfile
from tests.factories import SleepRecorder
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import ENGLISH, NO_ZONE, PORTUGUESE, SPANISH, STRANGER


def directory(
    slack: FakeSlackApi, clock: SleepRecorder | None = None, **options: float
) -> UserDirectory:
    client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    return UserDirectory(client, monotonic=(clock or SleepRecorder()).monotonic, **options)  # type: ignore[arg-type]


async def test_zone_locale_and_role_come_from_users_info(slack: FakeSlackApi) -> None:
    slack.add_user("UADMIN", tz="Europe/Madrid", locale="es-ES", is_admin=True)
    profile = await directory(slack).profile("UADMIN")
    assert profile == UserProfile(tz="Europe/Madrid", locale="es-ES", is_admin=True)
    assert profile.language == "es"
    call = slack.calls_to("users.info")[0]
    assert call.args["user"] == "UADMIN"
    assert call.args["include_locale"] in ("1", "true")


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("en-US", "en"),
        ("es-LA", "es"),
        ("es-ES", "es"),
        ("pt-BR", "pt"),
        ("PT_br", "pt"),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_language_follows_the_locale(locale: str | None, language: str | None) -> None:
    """A locale naming none of our languages is no language: the question's words, then
    the company's language decide (``reply_language``), not English by default."""
    assert UserProfile(locale=locale).language == language


def test_an_unknown_profile_has_no_language() -> None:
    assert UNKNOWN_USER.language is None


async def test_profiles_are_cached_until_they_expire(slack: FakeSlackApi) -> None:
    clock = SleepRecorder()
    users = directory(slack, clock, ttl=60.0)
    first = await users.profile(SPANISH)
    assert await users.profile(SPANISH) == first
    assert len(slack.calls_to("users.info")) == 1
    clock.now += 61
    await users.profile(SPANISH)
    assert len(slack.calls_to("users.info")) == 2


async def test_concurrent_lookups_of_one_user_share_one_request(slack: FakeSlackApi) -> None:
    users = directory(slack)
    profiles = await asyncio.gather(*(users.profile(PORTUGUESE) for _ in range(20)))
    assert {p.tz for p in profiles} == {"America/Sao_Paulo"}
    assert len(slack.calls_to("users.info")) == 1


async def test_an_unknown_user_is_unknown_and_not_asked_again_at_once(slack: FakeSlackApi) -> None:
    clock = SleepRecorder()
    users = directory(slack, clock, failure_ttl=30.0)
    assert await users.profile(STRANGER) == UNKNOWN_USER
    assert await users.profile(STRANGER) == UNKNOWN_USER
    assert len(slack.calls_to("users.info")) == 1
    clock.now += 31
    await users.profile(STRANGER)
    assert len(slack.calls_to("users.info")) == 2


async def test_a_user_without_a_zone_or_with_a_bogus_one_has_none(slack: FakeSlackApi) -> None:
    slack.add_user("UBOGUS", tz="Mars/Olympus_Mons")
    users = directory(slack)
    assert (await users.profile(NO_ZONE)).tz is None
    assert (await users.profile("UBOGUS")).tz is None


async def test_a_slow_lookup_is_abandoned_but_still_fills_the_cache(slack: FakeSlackApi) -> None:
    slack.delays["users.info"] = 0.3
    users = directory(slack, wait=0.05)
    assert await users.profile(ENGLISH) == UNKNOWN_USER
    for _ in range(100):
        if users.cached(ENGLISH) is not None:
            break
        await asyncio.sleep(0.01)
    assert (await users.profile(ENGLISH)).tz == "America/Argentina/Buenos_Aires"
    assert len(slack.calls_to("users.info")) == 1


async def test_slack_unreachable_means_unknown_and_is_tried_again(slack: FakeSlackApi) -> None:
    client = AsyncWebClient(
        token=slack.bot_token, base_url="http://127.0.0.1:9/api/", retry_handlers=[]
    )
    users = UserDirectory(client)
    assert await users.profile(ENGLISH) == UNKNOWN_USER
    assert users.cached(ENGLISH) is None


async def test_the_cache_stays_bounded(slack: FakeSlackApi) -> None:
    for n in range(5):
        slack.add_user(f"U{n}")
    users = directory(slack, max_entries=3)
    for n in range(5):
        await users.profile(f"U{n}")
    assert users.cached("U4") is not None
    assert users.cached("U0") is None
