"""``/bulksends help``: what can be asked, with examples in the asker's language; and the
short hello a greeting or a thanks said alone gets."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, MarkdownTextObject

from bot.domain.sends import PROBLEMS, Status
from bot.locale.languages import Language
from bot.locale.translate import Translator, translator
from bot.message import actions
from bot.message.blocks import bold, header, plain, section
from bot.message.home import home_questions
from bot.message.slack import SlackMessage
from bot.message.words import (
    STATUS_EMOJI,
    counted_how,
    demo_badge,
    examples,
    rates_explained,
    shape_examples,
    spoken_languages,
)
from bot.query.model import HelpRequest, SmallTalk


def status_words(tr: Translator) -> tuple[tuple[Status, str], ...]:
    """A word the parser reads for each status (a few: the full list is the word pack's)."""
    return (
        (Status.FAILED, tr.pgettext("typed status", "failed")),
        (Status.PARTIAL, tr.pgettext("typed status", "partial")),
        (Status.COMPLETED, tr.pgettext("typed status", "completed")),
        (Status.CANCELLED, tr.pgettext("typed status", "cancelled")),
        (Status.QUEUED, tr.pgettext("typed status", "queued")),
        (Status.PROCESSING, tr.pgettext("typed status", "in progress")),
    )


def problems_word(tr: Translator) -> str:
    """The word for failed and partial together."""
    return tr.pgettext("typed status", "problems")


def period_words(tr: Translator) -> tuple[str, ...]:
    """Periods as people type them."""
    return (
        tr.pgettext("typed period", "today"),
        tr.pgettext("typed period", "yesterday"),
        tr.pgettext("typed period", "this week"),
        tr.pgettext("typed period", "last week"),
        tr.pgettext("typed period", "this month"),
        tr.pgettext("typed period", "last month"),
        tr.pgettext("typed period", "last 30 days"),
        tr.pgettext("typed period", "monday"),
        tr.pgettext("typed period", "nov 3"),
        tr.pgettext("typed period", "october"),
        tr.pgettext("typed period", "since nov 3"),
        tr.pgettext("typed period", "between nov 1 and nov 15"),
        tr.pgettext("typed period", "until oct 31"),
        tr.pgettext("typed period", "before nov 3"),
        tr.pgettext("typed period", "after nov 3"),
    )


def help_title(tr: Translator) -> str:
    return tr._("📊 Ask about your bulk sends")


def help_intro(tr: Translator) -> str:
    return tr._(
        "Write `/bulksends` and a question with a *status*, a *period* and/or a *template*, "
        "in any order and in {languages}. Everything is optional: "
        "with no period you get the last 7 days.",
        languages=spoken_languages(tr),
    )


def help_templates(tr: Translator) -> str:
    return tr._(
        "*Templates*: write the template's name, e.g. `welcome_message` or "
        "`template order_confirmation_v2`."
    )


def build_help_message(language: Language, *, demo: bool = False) -> SlackMessage:
    tr = translator(language)
    title = help_title(tr)
    asked = "\n".join(f"• `/bulksends {example}`" for example in examples(tr))
    words = status_words(tr)
    statuses = " · ".join(f"{STATUS_EMOJI[status]} `{word}`" for status, word in words)
    problems = " + ".join(f"`{word}`" for status, word in words if status in PROBLEMS)
    statuses += f"\n`{problems_word(tr)}` = {problems}"
    periods = " · ".join(f"`{period}`" for period in period_words(tr))
    shaped = "\n".join(f"• `/bulksends {example}`" for example in shape_examples(tr))
    counted = f"{counted_how(tr)}\n{rates_explained(tr)}"
    footer = [
        MarkdownTextObject(
            text=tr._("Answers are only visible to you until you press *Share in channel*.")
        )
    ]
    if demo:
        footer.insert(0, MarkdownTextObject(text=demo_badge(tr)))
    blocks = (
        header(title),
        section(help_intro(tr)),
        section(bold(tr._("Examples")) + "\n" + asked),
        section(bold(tr._("Statuses")) + "\n" + statuses),
        section(bold(tr._("Periods")) + "\n" + periods),
        section(help_templates(tr)),
        section(bold(tr._("Numbers, rankings, comparisons and trends")) + "\n" + shaped),
        section(bold(tr._("How the numbers are counted")) + "\n" + counted),
        ContextBlock(elements=footer),
    )
    some_examples = ", ".join(examples(tr)[:3])
    text = tr._("{title}: try /bulksends {examples}…", title=title, examples=some_examples)
    return SlackMessage(text=text, blocks=blocks)


def build_help_reply(request: HelpRequest, *, demo: bool = False) -> SlackMessage:
    """What a help request gets: the whole help, or, to a greeting or a thanks said alone,
    a short hello with questions to try in one click."""
    if request.small_talk is None:
        return build_help_message(request.language, demo=demo)
    return build_small_talk_message(request.small_talk, request.language)


def build_small_talk_message(talk: SmallTalk, language: Language) -> SlackMessage:
    """ "👋 Hi! Ask me about your bulk sends…" with three questions as buttons (answered
    in place, for the one who clicks) and where the rest is explained."""
    tr = translator(language)
    if talk is SmallTalk.THANKS:
        hello = tr._("😊 You're welcome! Ask again whenever you like.")
    else:
        hello = tr._("👋 Hi! Ask me about your bulk sends in your own words.")
    questions = home_questions(tr)[:3]
    buttons = [
        ButtonElement(
            text=plain(question[:1].upper() + question[1:]),
            action_id=actions.ask_id(n),
            value=question,
        )
        for n, question in enumerate(questions)
    ]
    more = tr._("`/bulksends help` shows everything you can ask.")
    tried = ", ".join(f"/bulksends {question}" for question in questions)
    text = tr._("{hello} Try: {questions}.", hello=hello, questions=tried)
    return SlackMessage(
        text=text,
        blocks=(
            section(hello + "\n" + tr._("Try one of these:")),
            ActionsBlock(elements=buttons),
            ContextBlock(elements=[MarkdownTextObject(text=more)]),
        ),
    )
