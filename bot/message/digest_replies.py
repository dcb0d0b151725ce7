"""Answers to `/bulksends digest …` and the Home tab's digest list: pure builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_time, get_day_names
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.digest.i18n import EXAMPLES, t
from bot.domain.digests import Digest, Run, RunState
from bot.domain.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS, DigestSchedule
from bot.locale import formats
from bot.locale.languages import Language
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.query.digest import DigestCommandError

#: Digests listed one by one before "+N more" (keeps the message inside Slack's limits).
LIST_LIMIT = 30
_PER_SECTION = 10


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>"


def describe_days(days: frozenset[int], language: Language) -> str:
    if days == EVERY_DAY:
        return t(language, "every_day")
    if days == WEEKDAYS:
        return t(language, "weekdays")
    if days == WEEKENDS:
        return t(language, "weekends")
    names = get_day_names("abbreviated", locale=language)
    return ", ".join(str(names[d]) for d in sorted(days))


def clock_time(hour: int, minute: int, language: Language) -> str:
    return str(format_time(time(hour, minute), "short", locale=language))


def describe_schedule(schedule: DigestSchedule, language: Language) -> str:
    return t(
        language,
        "schedule",
        days=describe_days(schedule.days, language),
        time=clock_time(schedule.hour, schedule.minute, language),
        tz=schedule.timezone,
    )


def describe_moment(moment: datetime, timezone: str, language: Language) -> str:
    """In the digest's zone, as everyone's own-zone rendering would confuse the schedule."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{formats.day(local.date(), language)} {clock_time(local.hour, local.minute, language)}"


def next_post(digest: Digest, now: datetime) -> datetime:
    """When it will next post: the first run after now that its set-up does not exclude."""
    after = max(now, digest.active_since)
    return digest.schedule.next_run(after).due


def digest_line(digest: Digest, last: Run | None, now: datetime, language: Language) -> str:
    parts = [f"*{channel_link(digest.channel_id)}*", describe_schedule(digest.schedule, language)]
    if digest.skip_empty:
        parts.append(t(language, "skips_empty"))
    if not digest.enabled:
        parts.append(t(language, "is_off"))
    else:
        when = describe_moment(next_post(digest, now), digest.schedule.timezone, language)
        parts.append(t(language, "next", when=when))
    status = _last_status(digest, last, language)
    if status:
        parts.append(status)
    return " · ".join(parts)


def _last_status(digest: Digest, last: Run | None, language: Language) -> str | None:
    if digest.last_error is not None and digest.last_error_at is not None:
        local = digest.last_error_at.astimezone(ZoneInfo(digest.schedule.timezone)).date()
        error = untrusted(digest.last_error, 60, mrkdwn=True)
        return t(language, "last_problem", error=error, day=formats.day(local, language))
    if last is not None and last.state is RunState.SENT:
        return t(language, "last_sent", day=formats.day(last.run_date, language))
    return None


def digest_sections(
    digests: Sequence[Digest], last_runs: Mapping[str, Run], now: datetime, language: Language
) -> list[Block]:
    """The digests, ten lines to a section, then "+N more"."""
    lines = [
        "• " + digest_line(d, last_runs.get(d.channel_id), now, language)
        for d in digests[:LIST_LIMIT]
    ]
    blocks: list[Block] = [
        SectionBlock(text=_mrkdwn("\n".join(lines[i : i + _PER_SECTION])))
        for i in range(0, len(lines), _PER_SECTION)
    ]
    hidden = len(digests) - LIST_LIMIT
    if hidden > 0:
        blocks.append(ContextBlock(elements=[_mrkdwn(t(language, "more_digests", n=hidden))]))
    return blocks


def build_list_message(
    digests: Sequence[Digest], last_runs: Mapping[str, Run], now: datetime, language: Language
) -> SlackMessage:
    title = t(language, "list_title")
    if not digests:
        text = t(language, "list_empty")
        return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(text)),))
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=title, emoji=True))]
    blocks += digest_sections(digests, last_runs, now, language)
    blocks.append(ContextBlock(elements=[_mrkdwn(t(language, "list_footer"))]))
    return SlackMessage(text=f"{title}: {len(digests)}", blocks=tuple(blocks))


def build_home_blocks(
    digests: Sequence[Digest], last_runs: Mapping[str, Run], now: datetime, language: Language
) -> list[Block]:
    """The Home tab's part: the configured digests, or how to set one up."""
    title = HeaderBlock(text=PlainTextObject(text=t(language, "list_title"), emoji=True))
    if not digests:
        return [title, SectionBlock(text=_mrkdwn(t(language, "list_empty")))]
    return [title, *digest_sections(digests, last_runs, now, language)]


def build_saved_message(digest: Digest, now: datetime) -> SlackMessage:
    language = digest.language
    channel = channel_link(digest.channel_id)
    if not digest.enabled:
        return _one_line(t(language, "turned_off", channel=channel))
    text = " ".join(
        (
            t(
                language,
                "saved",
                channel=channel,
                schedule=describe_schedule(digest.schedule, language),
                next=describe_moment(next_post(digest, now), digest.schedule.timezone, language),
            ),
            t(language, "saved_skip" if digest.skip_empty else "saved_keep"),
            t(language, "saved_invite", channel=channel),
        )
    )
    return _one_line(text)


def build_none_there_message(channel_id: str, language: Language) -> SlackMessage:
    return _one_line(t(language, "none_there", channel=channel_link(channel_id)))


def build_not_allowed_message(admins: frozenset[str], language: Language) -> SlackMessage:
    others = ""
    if admins:
        users = ", ".join(f"<@{user}>" for user in sorted(admins))
        others = t(language, "and_users", users=users)
    return _one_line(t(language, "not_allowed", others=others))


def build_not_a_channel_message(language: Language) -> SlackMessage:
    return _one_line(t(language, "not_a_channel"))


def build_channel_by_name_message(name: str, language: Language) -> SlackMessage:
    channel = "#" + untrusted(name, 80, mrkdwn=True)
    return _one_line(t(language, "channel_by_name", channel=channel))


def build_command_error_message(error: DigestCommandError) -> SlackMessage:
    language = error.language
    words = ", ".join(f"*{untrusted(w, 40, mrkdwn=True)}*" for w in error.unrecognized[:5])
    examples = ", ".join(f"`{e}`" for e in EXAMPLES[language][:3])
    return _one_line(t(language, "not_understood", words=words, examples=examples))


def build_help_message(language: Language) -> SlackMessage:
    title = t(language, "help_title")
    examples = "\n".join(f"• `/bulksends {e}`" for e in EXAMPLES[language])
    return SlackMessage(
        text=title,
        blocks=(
            HeaderBlock(text=PlainTextObject(text=title, emoji=True)),
            SectionBlock(text=_mrkdwn(t(language, "help_body"))),
            SectionBlock(text=_mrkdwn(examples)),
        ),
    )


def build_preview_message(
    preview: SlackMessage, channel_id: str, language: Language
) -> SlackMessage:
    """The digest as it would post, under a note that this is a private preview."""
    note = ContextBlock(
        elements=[_mrkdwn(t(language, "preview_note", channel=channel_link(channel_id)))]
    )
    return SlackMessage(text=preview.text, blocks=(note, *preview.blocks))


def report_day(now: datetime, timezone: str) -> date:
    """Yesterday, in the digest's zone."""
    return date.fromordinal(now.astimezone(ZoneInfo(timezone)).date().toordinal() - 1)


def _one_line(text: str) -> SlackMessage:
    return SlackMessage(text=text, blocks=(SectionBlock(text=_mrkdwn(text)),))


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)
