"""Answers to `/bulksends alerts …`, the Home tab's list of alerts, the mute buttons'
confirmations and the note to whoever set up alerts in a channel that cannot take them.
Pure builders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_time
from slack_sdk.models.blocks import Block

from bot.domain.alerts import STUCK_RANGE, THRESHOLD_RANGE, AlertChannel, Mute
from bot.domain.refusals import SlackRefusal
from bot.locale import formats
from bot.locale.languages import LANGUAGES, Language
from bot.locale.translate import Translator, translator
from bot.message.blocks import context, header, paragraph, section, titled
from bot.message.channel_form import language_name
from bot.message.fit import fit
from bot.message.moments import until_moment
from bot.message.notices import last_failure, refusal_reason
from bot.message.slack import SlackMessage
from bot.message.text import untrusted
from bot.query.alert_mute import MuteRequest
from bot.query.alerts import AlertsCommandError, OutOfRange

#: Channels listed one by one before "+N more" (the plainer layouts list fewer).
LIST_LIMIT = 30
_PER_SECTION = 10
_LIST_LAYOUTS = (LIST_LIMIT, 20, 10)


def alert_examples(tr: Translator) -> tuple[str, ...]:
    """Commands shown in help and after a command that was not understood."""
    return (
        tr.pgettext("typed alerts command", "alerts here"),
        tr.pgettext("typed alerts command", "alerts here threshold 20%"),
        tr.pgettext("typed alerts command", "alerts here queued 45m"),
        tr.pgettext("typed alerts command", "alerts here only welcome_message"),
        tr.pgettext("typed alerts command", "alerts here quiet 20:00-08:00"),
        tr.pgettext("typed alerts command", "alerts here language spanish"),
        tr.pgettext("typed alerts command", "alerts here off"),
        tr.pgettext("typed alerts command", "alerts edit"),
        tr.pgettext("typed alerts command", "alerts"),
    )


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>"


def _clock(value: time, language: Language) -> str:
    return str(format_time(value, "short", locale=language))


def describe_rules(channel: AlertChannel, language: Language) -> str:
    """ "partial at 10% failed or more · stuck after 30 min · every template · quiet 20:00–08:00"."""
    tr = translator(language)
    parts = [
        tr._(
            "partial at {share} failed or more",
            share=formats.percent_setting(channel.threshold, language),
        ),
        tr._(
            "stuck after {n} min",
            n=formats.number(channel.stuck_minutes, language),
        ),
    ]
    if channel.templates:
        names = ", ".join(
            f"`{untrusted(name, 60, mrkdwn=True)}`" for name in sorted(channel.templates)[:5]
        )
        hidden = len(channel.templates) - 5
        if hidden > 0:
            names += " " + tr.ngettext("+{n} more", "+{n} more", hidden)
        parts.append(tr._("only {templates}", templates=names))
    else:
        parts.append(tr._("every template"))
    if channel.quiet is not None:
        parts.append(
            tr._(
                "quiet {start}–{end} ({tz})",
                start=_clock(channel.quiet.start, language),
                end=_clock(channel.quiet.end, language),
                tz=formats.time_zone(channel.timezone, language),
            )
        )
    return " · ".join(parts)


def alert_line(
    channel: AlertChannel, mutes: Sequence[Mute], now: datetime, language: Language
) -> str:
    tr = translator(language)
    parts = [f"*{channel_link(channel.channel_id)}*", describe_rules(channel, language)]
    if not channel.enabled:
        parts.append(tr._("⏸️ off"))
    for mute in mutes:
        if mute.channel_id != channel.channel_id or mute.until <= now:
            continue
        until = until_moment(mute.until, channel.timezone, now, language)
        if mute.template is None:
            parts.append(tr._("🔕 muted {until}", until=until))
        else:
            name = untrusted(mute.template, 60, mrkdwn=True)
            parts.append(tr._("🔕 `{template}` muted {until}", template=name, until=until))
    if channel.last_error is not None and channel.last_error_at is not None:
        day = channel.last_error_at.astimezone(ZoneInfo(channel.timezone)).date()
        parts.append(last_failure(channel.last_error, day, language))
    return " · ".join(parts)


def alert_sections(
    channels: Sequence[AlertChannel],
    mutes: Sequence[Mute],
    now: datetime,
    language: Language,
    *,
    limit: int = LIST_LIMIT,
) -> list[Block]:
    """The first ``limit`` channels, ten lines to a section, then "+N more"."""
    lines = ["• " + alert_line(c, mutes, now, language) for c in channels[:limit]]
    blocks: list[Block] = [
        section("\n".join(lines[i : i + _PER_SECTION])) for i in range(0, len(lines), _PER_SECTION)
    ]
    hidden = len(channels) - limit
    if hidden > 0:
        more = translator(language).ngettext(
            "+{n} more channel with alerts.", "+{n} more channels with alerts.", hidden
        )
        blocks.append(context(more))
    return blocks


def build_alerts_list_message(
    channels: Sequence[AlertChannel], mutes: Sequence[Mute], now: datetime, language: Language
) -> SlackMessage:
    tr = translator(language)
    if not channels:
        return paragraph(_none_yet(tr))
    title = tr._("🔔 Alerts")
    footer = tr._(
        "Change them (admins): `/bulksends alerts here` · `… threshold 20%` · "
        "`… queued 45m` · `… quiet 20:00-08:00` · `… off` · `… edit` · "
        "`/bulksends alerts help`"
    )

    def build(limit: int) -> list[Block]:
        return [
            header(title, emoji=True),
            *alert_sections(channels, mutes, now, language, limit=limit),
            context(footer),
        ]

    blocks = fit(_LIST_LAYOUTS, build)
    count = tr.ngettext("{n} channel", "{n} channels", len(channels))
    return SlackMessage(text=f"{title}: {count}", blocks=tuple(blocks))


def build_alerts_home_blocks(
    channels: Sequence[AlertChannel], mutes: Sequence[Mute], now: datetime, language: Language
) -> list[Block]:
    """The Home tab's part: the channels with alerts, or how to set them up."""
    tr = translator(language)
    title = header(tr._("🔔 Alerts"), emoji=True)
    if not channels:
        return [title, section(_none_yet(tr))]
    return [title, *alert_sections(channels, mutes, now, language)]


def _none_yet(tr: Translator) -> str:
    return tr._(
        "No alerts yet. Turn them on in a channel with `/bulksends alerts here`: the channel is "
        "told within minutes when a bulk send fails, gets stuck, or a number runs out of "
        "its daily quota."
    )


def build_alerts_saved_message(
    channel: AlertChannel, *, language: Language, new: bool = False
) -> SlackMessage:
    """In the language of whoever changed them (``language``), which may not be the one
    the alerts speak; new alerts say how to change theirs."""
    tr = translator(language)
    link = channel_link(channel.channel_id)
    if not channel.enabled:
        return paragraph(
            tr._(
                "⏸️ Alerts in {channel} are off. Turn them back on with "
                "`/bulksends alerts {channel} on`.",
                channel=link,
            )
        )
    saved = tr._(
        "🔔 Alerts are on in {channel}: {rules}.",
        channel=link,
        rules=describe_rules(channel, language),
    )
    what = tr._(
        "The channel will be told when a bulk send fails, fails partly from that rate, "
        "waits in the queue or stops moving that long, and when a number nears its daily quota, "
        "can't send, or has its tier lowered."
    )
    speaks = tr._(
        "Alerts are written in {language}.", language=language_name(channel.language, language)
    )
    invite = tr._("If {channel} is private, invite me there: `/invite @bulksends`.", channel=link)
    sentences = [saved, what, speaks, invite]
    if new:
        sentences.append(
            tr._(
                "Another language: `/bulksends alerts {channel} language {code}` ({codes}).",
                channel=link,
                code=next(code for code in LANGUAGES if code != channel.language),
                codes=", ".join(LANGUAGES),
            )
        )
    return paragraph(" ".join(sentences))


def build_alerts_not_saved_message(channel_id: str, language: Language) -> SlackMessage:
    """The form closed, but the database refused or failed the save."""
    tr = translator(language)
    return titled(
        tr._("The alerts for <#{channel}> were not saved", channel=channel_id),
        tr._(
            "The bot could not use its database just now. Open the form again in a few "
            "minutes; if it keeps happening, tell whoever set up this app."
        ),
    )


def build_alerts_none_there_message(channel_id: str, language: Language) -> SlackMessage:
    return paragraph(
        translator(language)._(
            "There are no alerts in {channel} yet. Turn them on with "
            "`/bulksends alerts {channel}`.",
            channel=channel_link(channel_id),
        )
    )


def build_alerts_not_allowed_message(admins: frozenset[str], language: Language) -> SlackMessage:
    tr = translator(language)
    others = ""
    if admins:
        users = ", ".join(f"<@{user}>" for user in sorted(admins))
        others = tr._(" (and {users})", users=users)
    return paragraph(
        tr._(
            "🔒 Only workspace admins and owners{others} can change alerts. Ask one of "
            "them; anyone can see the list with `/bulksends alerts`.",
            others=others,
        )
    )


def build_alerts_not_a_channel_message(language: Language) -> SlackMessage:
    return paragraph(
        translator(language)._(
            "Alerts belong in a channel: run the command inside it, or pick it in the form: "
            "`/bulksends alerts edit`."
        )
    )


def build_alerts_channel_by_name_message(name: str, language: Language) -> SlackMessage:
    channel = "#" + untrusted(name, 80, mrkdwn=True)
    return paragraph(
        translator(language)._(
            "I can't find {channel}. Pick the channel from Slack's suggestions as you type "
            "it, run the command inside it (`/bulksends alerts here …`), or choose it in the "
            "form: `/bulksends alerts edit`.",
            channel=channel,
        )
    )


def build_alerts_command_error_message(error: AlertsCommandError) -> SlackMessage:
    tr = translator(error.language)
    examples = ", ".join(f"`{e}`" for e in alert_examples(tr)[1:4])
    said = [_out_of_range(kind, typed, tr) for kind, typed in error.out_of_range[:5]]
    if error.unrecognized or not said:
        words = ", ".join(f"*{untrusted(w, 40, mrkdwn=True)}*" for w in error.unrecognized[:5])
        said.append(
            tr._(
                "I didn't understand {words}. Try: {examples}. More: `/bulksends alerts help`.",
                words=words,
                examples=examples,
            )
        )
    else:
        said.append(tr._("More: `/bulksends alerts help`."))
    return paragraph(" ".join(said))


def _out_of_range(kind: OutOfRange, typed: str, tr: Translator) -> str:
    """What is allowed, for a setting understood but impossible ("threshold 150%")."""
    shown = untrusted(typed, 40, mrkdwn=True)
    match kind:
        case OutOfRange.THRESHOLD:
            return tr._(
                "The threshold must be between {low} and {high} (you wrote *{typed}*).",
                low=formats.percent_setting(THRESHOLD_RANGE[0], tr.language),
                high=formats.percent_setting(THRESHOLD_RANGE[1], tr.language),
                typed=shown,
            )
        case OutOfRange.QUEUED:
            return tr._(
                "The waiting time must be between {low} and {high} minutes (you wrote *{typed}*).",
                low=formats.number(STUCK_RANGE[0], tr.language),
                high=formats.number(STUCK_RANGE[1], tr.language),
                typed=shown,
            )
        case OutOfRange.CLOCK:
            return tr._(
                "*{typed}* is not a time of day: hours go from 0 to 23 and minutes from 0 to 59.",
                typed=shown,
            )


def build_alerts_help_message(language: Language) -> SlackMessage:
    tr = translator(language)
    title = tr._("🔔 Alerts: the channel knows within minutes when a campaign goes wrong")
    examples = "\n".join(f"• `/bulksends {e}`" for e in alert_examples(tr))
    body = tr._(
        "A channel with alerts is told, once, when a bulk send fails; when a partial send's "
        "failure rate reaches its threshold (10% unless set); when a send waits in the "
        "queue, or stops moving, longer than its limit (30 minutes unless set); and when a "
        "number reaches 80% of its daily quota, can't send, or has its tier lowered. "
        "Messages are updated as the send moves, what follows goes in their thread, and "
        "quiet hours hold them until morning. Anyone can list them; only admins can "
        "change them."
    )
    return SlackMessage(
        text=title, blocks=(header(title, emoji=True), section(body), section(examples))
    )


def build_alert_channel_problem_notice(channel: AlertChannel, code: str) -> SlackMessage:
    """A direct message to whoever set the alerts up: what is wrong and how to fix it."""
    tr = translator(channel.language)
    link = channel_link(channel.channel_id)
    reason = refusal_reason(SlackRefusal.of(code), channel.language)
    fix = tr._(
        "Invite me with `/invite @bulksends` there, or turn the alerts off with "
        "`/bulksends alerts {target} off`.",
        target=link,
    )
    return paragraph(
        tr._(
            "⚠️ I couldn't post an alert in {channel}: {reason} {fix}",
            channel=link,
            reason=reason,
            fix=fix,
        )
    )


def build_muted_message(
    request: MuteRequest, until: datetime, timezone: str, now: datetime, *, language: Language
) -> SlackMessage:
    """The clicker's confirmation (only they see it), in their ``language``."""
    tr = translator(language)
    when = until_moment(until, timezone, now, language)
    link = channel_link(request.channel_id)
    if request.template is None:
        return paragraph(
            tr._(
                "🔕 Alerts in {channel} are muted {until}. What happens meanwhile "
                "is not posted later.",
                channel=link,
                until=when,
            )
        )
    name = untrusted(request.template, 120, mrkdwn=True)
    return paragraph(
        tr._(
            "🔕 Alerts about `{template}` in {channel} are muted {until}.",
            template=name,
            channel=link,
            until=when,
        )
    )


def build_muted_note(
    request: MuteRequest, user_id: str, until: datetime, timezone: str, now: datetime
) -> SlackMessage:
    """In the alert's thread, so that everyone in the channel knows who muted what."""
    tr = translator(request.language)
    when = until_moment(until, timezone, now, request.language)
    if request.template is None:
        text = tr._("🔕 <@{user}> muted the alerts here {until}.", user=user_id, until=when)
    else:
        text = tr._(
            "🔕 <@{user}> muted alerts about `{template}` here {until}.",
            user=user_id,
            template=untrusted(request.template, 120, mrkdwn=True),
            until=when,
        )
    return paragraph(text)


def build_mute_unknown_message(channel_id: str, language: Language) -> SlackMessage:
    """A mute button in a channel whose alerts are gone."""
    return paragraph(
        translator(language)._(
            "There are no alerts in {channel} any more: nothing to mute.",
            channel=channel_link(channel_id),
        )
    )
