"""Answers to `/bulksends digest …` and the Home tab's digest list: pure builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_time, get_day_names
from slack_sdk.models.blocks import Block

from bot.domain.digests import Digest, Run, RunState
from bot.domain.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS, DigestSchedule
from bot.locale import formats
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import Translator, translator
from bot.message.blocks import context, header, paragraph, section, titled
from bot.message.channel_form import language_name
from bot.message.fit import fit
from bot.message.moments import at_clock, day_at
from bot.message.notices import last_failure
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.query.digest import DigestCommandError

#: Digests listed one by one before "+N more" (the plainer layouts list fewer).
LIST_LIMIT = 30
_PER_SECTION = 10
_LIST_LAYOUTS = (LIST_LIMIT, 20, 10)


def digest_examples(tr: Translator) -> tuple[str, ...]:
    """Commands shown in help and after a command that was not understood."""
    return (
        tr.pgettext("typed digest command", "digest here at 9:00"),
        tr.pgettext("typed digest command", "digest #marketing 8:30 weekdays"),
        tr.pgettext("typed digest command", "digest here tz Europe/Madrid"),
        tr.pgettext("typed digest command", "digest here skip empty days"),
        tr.pgettext("typed digest command", "digest here language es"),
        tr.pgettext("typed digest command", "digest here off"),
        tr.pgettext("typed digest command", "digest here preview"),
        tr.pgettext("typed digest command", "digest edit"),
        tr.pgettext("typed digest command", "digest"),
    )


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>"


def describe_days(days: frozenset[int], language: Language) -> str:
    tr = translator(language)
    if days == EVERY_DAY:
        return tr._("every day")
    if days == WEEKDAYS:
        return tr._("Monday to Friday")
    if days == WEEKENDS:
        return tr._("weekends")
    names = get_day_names("abbreviated", locale=language)
    return ", ".join(str(names[d]) for d in sorted(days))


def clock_time(hour: int, minute: int, language: Language) -> str:
    return str(format_time(time(hour, minute), "short", locale=language))


def describe_schedule(schedule: DigestSchedule, language: Language) -> str:
    return translator(language)._(
        "{days} {at} ({tz})",
        days=describe_days(schedule.days, language),
        at=at_clock(time(schedule.hour, schedule.minute), language),
        tz=formats.time_zone(schedule.timezone, language),
    )


def describe_moment(moment: datetime, timezone: str, language: Language) -> str:
    """In the digest's zone, as everyone's own-zone rendering would confuse the schedule."""
    return day_at(moment, timezone, language)


def next_post(digest: Digest, now: datetime) -> datetime:
    """When it will next post: the first run after now that its set-up does not exclude."""
    after = max(now, digest.active_since)
    return digest.schedule.next_run(after).due


def digest_line(digest: Digest, last: Run | None, now: datetime, language: Language) -> str:
    tr = translator(language)
    parts = [
        f"*{channel_link(digest.channel_id)}*",
        describe_schedule(digest.schedule, language),
        tr._("in {language}", language=language_name(digest.language, language)),
    ]
    if digest.skip_empty:
        parts.append(tr._("skips days without sends"))
    if not digest.enabled:
        parts.append(tr._("⏸️ off"))
    else:
        when = describe_moment(next_post(digest, now), digest.schedule.timezone, language)
        parts.append(tr._("next: {when}", when=when))
    status = _last_status(digest, last, language)
    if status:
        parts.append(status)
    return " · ".join(parts)


def _last_status(digest: Digest, last: Run | None, language: Language) -> str | None:
    tr = translator(language)
    if digest.last_error is not None and digest.last_error_at is not None:
        local = digest.last_error_at.astimezone(ZoneInfo(digest.schedule.timezone)).date()
        return last_failure(digest.last_error, local, language)
    if last is not None and last.state is RunState.SENT:
        return tr._("✅ last posted {day}", day=formats.day(last.run_date, language))
    return None


def digest_sections(
    digests: Sequence[Digest],
    last_runs: Mapping[str, Run],
    now: datetime,
    language: Language,
    *,
    limit: int = LIST_LIMIT,
) -> list[Block]:
    """The first ``limit`` digests, ten lines to a section, then "+N more"."""
    lines = [
        "• " + digest_line(d, last_runs.get(d.channel_id), now, language) for d in digests[:limit]
    ]
    blocks: list[Block] = [
        section("\n".join(lines[i : i + _PER_SECTION])) for i in range(0, len(lines), _PER_SECTION)
    ]
    hidden = len(digests) - limit
    if hidden > 0:
        more = translator(language).ngettext("+{n} more digest.", "+{n} more digests.", hidden)
        blocks.append(context(more))
    return blocks


def build_list_message(
    digests: Sequence[Digest], last_runs: Mapping[str, Run], now: datetime, language: Language
) -> SlackMessage:
    tr = translator(language)
    if not digests:
        return paragraph(_none_yet(tr))
    title = tr._("📬 Daily digests")
    footer = tr._(
        "Change them (admins): `/bulksends digest here at 9:00` · `… weekdays` · "
        "`… off` · `… preview` · `… edit` · `/bulksends digest help`"
    )

    def build(limit: int) -> list[Block]:
        return [
            header(title, emoji=True),
            *digest_sections(digests, last_runs, now, language, limit=limit),
            context(footer),
        ]

    blocks = fit(_LIST_LAYOUTS, build)
    return SlackMessage(text=f"{title}: {len(digests)}", blocks=tuple(blocks))


def build_home_blocks(
    digests: Sequence[Digest], last_runs: Mapping[str, Run], now: datetime, language: Language
) -> list[Block]:
    """The Home tab's part: the configured digests, or how to set one up."""
    tr = translator(language)
    title = header(tr._("📬 Daily digests"), emoji=True)
    if not digests:
        return [title, section(_none_yet(tr))]
    return [title, *digest_sections(digests, last_runs, now, language)]


def _none_yet(tr: Translator) -> str:
    return tr._(
        "No daily digests yet. Set one up in a channel with `/bulksends digest here at 9:00`."
    )


def build_saved_message(
    digest: Digest, now: datetime, *, language: Language, new: bool = False
) -> SlackMessage:
    """In the language of whoever changed it (``language``), which may not be the digest's;
    a new digest says how to change its language."""
    tr = translator(language)
    channel = channel_link(digest.channel_id)
    if not digest.enabled:
        return paragraph(
            tr._(
                "⏸️ The daily digest for {channel} is off. Turn it back on with "
                "`/bulksends digest {channel} on`.",
                channel=channel,
            )
        )
    saved = tr._(
        "✅ Daily digest for {channel}: {schedule}, in {language}. Next one: {next}.",
        channel=channel,
        schedule=describe_schedule(digest.schedule, language),
        language=language_name(digest.language, language),
        next=describe_moment(next_post(digest, now), digest.schedule.timezone, language),
    )
    empty_days = (
        tr._("Days without bulk sends are skipped.")
        if digest.skip_empty
        else tr._("A day without bulk sends gets one short line.")
    )
    invite = tr._(
        "If {channel} is private, invite me there: `/invite @bulksends`.", channel=channel
    )
    sentences = [saved, empty_days, invite]
    if new:
        sentences.append(
            tr._(
                "Another language: `/bulksends digest {channel} language {code}` ({codes}).",
                channel=channel,
                code=next(code for code in LANGUAGES if code != digest.language),
                codes=", ".join(LANGUAGES),
            )
        )
    return paragraph(" ".join(sentences))


def build_not_saved_message(channel_id: str, language: Language) -> SlackMessage:
    """The form closed, but the database refused or failed the save."""
    tr = translator(language)
    return titled(
        tr._("Your digest for <#{channel}> was not saved", channel=channel_id),
        tr._(
            "The bot could not use its database just now. Open the form again in a few "
            "minutes; if it keeps happening, tell whoever set up this app."
        ),
    )


def build_none_there_message(channel_id: str, language: Language) -> SlackMessage:
    return paragraph(
        translator(language)._(
            "There is no daily digest in {channel} yet. Set one up with "
            "`/bulksends digest {channel} at 9:00`.",
            channel=channel_link(channel_id),
        )
    )


def build_not_allowed_message(admins: frozenset[str], language: Language) -> SlackMessage:
    tr = translator(language)
    others = ""
    if admins:
        users = ", ".join(f"<@{user}>" for user in sorted(admins))
        others = tr._(" (and {users})", users=users)
    return paragraph(
        tr._(
            "🔒 Only workspace admins and owners{others} can change digests. Ask one of "
            "them; anyone can see the list with `/bulksends digest`.",
            others=others,
        )
    )


def build_not_a_channel_message(language: Language) -> SlackMessage:
    return paragraph(
        translator(language)._(
            "A digest belongs in a channel: run the command inside it, or pick it in the "
            "form: `/bulksends digest edit`."
        )
    )


def build_channel_by_name_message(name: str, language: Language) -> SlackMessage:
    channel = "#" + untrusted(name, 80, mrkdwn=True)
    return paragraph(
        translator(language)._(
            "I can't find {channel}. Pick the channel from Slack's suggestions as you type "
            "it, run the command inside it (`/bulksends digest here …`), or choose it in the "
            "form: `/bulksends digest edit`.",
            channel=channel,
        )
    )


def build_command_error_message(error: DigestCommandError) -> SlackMessage:
    tr = translator(error.language)
    examples = ", ".join(f"`{e}`" for e in digest_examples(tr)[:3])
    said = [
        tr._(
            "*{typed}* is not a time of day: hours go from 0 to 23 and minutes from 0 to 59.",
            typed=untrusted(typed, 40, mrkdwn=True),
        )
        for typed in error.impossible_times[:5]
    ]
    if error.unrecognized or not said:
        words = ", ".join(f"*{untrusted(w, 40, mrkdwn=True)}*" for w in error.unrecognized[:5])
        said.append(
            tr._(
                "I didn't understand {words}. Try: {examples}. More: `/bulksends digest help`.",
                words=words,
                examples=examples,
            )
        )
    else:
        said.append(tr._("More: `/bulksends digest help`."))
    return paragraph(" ".join(said))


def build_help_message(language: Language) -> SlackMessage:
    tr = translator(language)
    title = tr._("📬 Daily digest: yesterday's bulk sends, every morning")
    examples = "\n".join(f"• `/bulksends {e}`" for e in digest_examples(tr))
    body = tr._(
        "Each morning the digest says in one sentence how yesterday went, then lists the "
        "sends with problems, why they failed and what to do, then the numbers against the "
        "usual day, the last 14 days as a chart, what is still sending, and each number's "
        "quota. One per channel, in its own language (the company's unless you pick one); "
        "only admins can change them."
    )
    return SlackMessage(
        text=title, blocks=(header(title, emoji=True), section(body), section(examples))
    )


def build_preview_message(
    preview: SlackMessage, channel_id: str, language: Language
) -> SlackMessage:
    """The digest as it would post, under a note that this is a private preview."""
    note = translator(language)._(
        "👀 Preview, only you can see it: {channel}'s digest, built now.",
        channel=channel_link(channel_id),
    )
    return SlackMessage(text=preview.text, blocks=(context(note), *preview.blocks))


def preview_working_text(language: Language) -> str:
    """The acknowledgement while a preview is built."""
    return translator(language)._("⏳ Building a preview of the digest…")


def report_day(now: datetime, timezone: str) -> date:
    """Yesterday, in the digest's zone."""
    return date.fromordinal(now.astimezone(ZoneInfo(timezone)).date().toordinal() - 1)
