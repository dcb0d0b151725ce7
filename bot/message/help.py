"""``/bulksends help``: what can be asked, with examples in the asker's language."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.domain.sends import PROBLEMS, Status
from bot.locale.languages import Language
from bot.message.i18n import EXAMPLES, STATUS_EMOJI, t
from bot.message.slack import SlackMessage

# Words the parser reads for each status (a few of them: the full list is the parser's).
_STATUS_WORDS: dict[Language, tuple[tuple[Status, str], ...]] = {
    "en": (
        (Status.FAILED, "failed"),
        (Status.PARTIAL, "partial"),
        (Status.COMPLETED, "completed"),
        (Status.CANCELLED, "cancelled"),
        (Status.QUEUED, "queued"),
        (Status.PROCESSING, "in progress"),
    ),
    "es": (
        (Status.FAILED, "fallidos"),
        (Status.PARTIAL, "parciales"),
        (Status.COMPLETED, "completados"),
        (Status.CANCELLED, "cancelados"),
        (Status.QUEUED, "en cola"),
        (Status.PROCESSING, "en curso"),
    ),
    "pt": (
        (Status.FAILED, "com falha"),
        (Status.PARTIAL, "parciais"),
        (Status.COMPLETED, "concluídos"),
        (Status.CANCELLED, "cancelados"),
        (Status.QUEUED, "na fila"),
        (Status.PROCESSING, "em andamento"),
    ),
}
_PROBLEMS_WORD: dict[Language, str] = {
    "en": "problems",
    "es": "con problemas",
    "pt": "com problemas",
}
_PERIODS: dict[Language, tuple[str, ...]] = {
    "en": (
        "today", "yesterday", "this week", "last week", "this month", "last month",
        "last 30 days", "monday", "nov 3", "october", "since nov 3",
        "between nov 1 and nov 15", "until oct 31", "before nov 3", "after nov 3",
    ),
    "es": (
        "hoy", "ayer", "esta semana", "la semana pasada", "este mes", "el mes pasado",
        "últimos 30 días", "lunes", "3 de noviembre", "octubre", "desde el 3 de noviembre",
        "del 1 al 15 de noviembre", "hasta el 31 de octubre", "antes del 3 de noviembre",
        "después del 3 de noviembre",
    ),
    "pt": (
        "hoje", "ontem", "esta semana", "semana passada", "este mês", "mês passado",
        "últimos 30 dias", "segunda", "3 de novembro", "outubro", "desde 3 de novembro",
        "entre 1 e 15 de novembro", "até 31 de outubro", "antes de 3 de novembro",
        "depois de 3 de novembro",
    ),
}  # fmt: skip


def build_help_message(language: Language, *, demo: bool = False) -> SlackMessage:
    title = t(language, "help_title")
    examples = "\n".join(f"• `/bulksends {example}`" for example in EXAMPLES[language])
    statuses = " · ".join(
        f"{STATUS_EMOJI[status]} `{word}`" for status, word in _STATUS_WORDS[language]
    )
    problems = " + ".join(
        f"`{word}`" for status, word in _STATUS_WORDS[language] if status in PROBLEMS
    )
    statuses += f"\n`{_PROBLEMS_WORD[language]}` = {problems}"
    periods = " · ".join(f"`{period}`" for period in _PERIODS[language])
    footer = [MarkdownTextObject(text=t(language, "help_footer"))]
    if demo:
        footer.insert(0, MarkdownTextObject(text=t(language, "demo_badge")))
    blocks = (
        HeaderBlock(text=PlainTextObject(text=title, emoji=False)),
        SectionBlock(text=MarkdownTextObject(text=t(language, "help_intro"))),
        SectionBlock(text=MarkdownTextObject(text=f"*{t(language, 'help_examples')}*\n{examples}")),
        SectionBlock(text=MarkdownTextObject(text=f"*{t(language, 'help_statuses')}*\n{statuses}")),
        SectionBlock(text=MarkdownTextObject(text=f"*{t(language, 'help_periods')}*\n{periods}")),
        SectionBlock(text=MarkdownTextObject(text=t(language, "help_templates"))),
        ContextBlock(elements=footer),
    )
    some_examples = ", ".join(EXAMPLES[language][:3])
    text = f"{title}: {t(language, 'try').lower()} /bulksends {some_examples}…"
    return SlackMessage(text=text, blocks=blocks)
