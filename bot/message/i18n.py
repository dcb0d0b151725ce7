"""The words of every message in English, Spanish and Portuguese.

A deliberately small catalog: one entry per phrase with ``str.format`` placeholders, filled
by :func:`t`. Numbers and dates are formatted by Babel (``bot.message.formats``), not here.
Text here is ours, written as Slack mrkdwn where it says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.sends import Status
from bot.locale.languages import Language

LANGUAGES: tuple[Language, ...] = ("en", "es", "pt")


class Catalog:
    """Phrases by key, each in every language, with ``str.format`` placeholders.

    Each feature keeps its own phrases (messages here, the Slack app's and the digest's
    in their packages) and calls its catalog as ``t(language, key, **values)``. A phrase
    missing a language fails at import, not in front of a user.
    """

    def __init__(self, entries: Mapping[str, Mapping[Language, str]]) -> None:
        incomplete = sorted(key for key, entry in entries.items() if set(entry) != set(LANGUAGES))
        if incomplete:
            raise ValueError(f"phrases not in every language: {', '.join(incomplete)}")
        self.entries = entries

    def __call__(self, language: Language, key: str, **values: object) -> str:
        """The phrase ``key`` in ``language``, placeholders filled."""
        return self.entries[key][language].format(**values)


CATALOG: dict[str, dict[Language, str]] = {
    # The question, in words.
    "sends": {"en": "bulk sends", "es": "envíos masivos", "pt": "envios em massa"},
    "sends_with": {
        "en": "{statuses} bulk sends",
        "es": "envíos masivos {statuses}",
        "pt": "envios em massa {statuses}",
    },
    "of_template": {
        "en": "{what} of template {template}",
        "es": "{what} de la plantilla {template}",
        "pt": "{what} do modelo {template}",
    },
    "all_statuses": {"en": "all statuses", "es": "todos los estados", "pt": "todos os status"},
    "today": {"en": "today", "es": "hoy", "pt": "hoje"},
    "yesterday": {"en": "yesterday", "es": "ayer", "pt": "ontem"},
    "this_week": {"en": "this week", "es": "esta semana", "pt": "esta semana"},
    "last_week": {"en": "last week", "es": "la semana pasada", "pt": "a semana passada"},
    "this_month": {"en": "this month", "es": "este mes", "pt": "este mês"},
    "last_month": {"en": "last month", "es": "el mes pasado", "pt": "o mês passado"},
    "this_year": {"en": "this year", "es": "este año", "pt": "este ano"},
    "last_year": {"en": "last year", "es": "el año pasado", "pt": "o ano passado"},
    "last_n_days": {"en": "last {n} days", "es": "últimos {n} días", "pt": "últimos {n} dias"},
    "until": {"en": "until {date}", "es": "hasta el {date}", "pt": "até {date}"},
    "default_range": {
        "en": "last 7 days by default",
        "es": "últimos 7 días por defecto",
        "pt": "últimos 7 dias por padrão",
    },
    "looking_up": {
        "en": "⏳ Looking up {what} for {range}…",
        "es": "⏳ Buscando {what} para {range}…",
        "pt": "⏳ Buscando {what} para {range}…",
    },
    # Summary.
    "label_status": {"en": "Status", "es": "Estado", "pt": "Status"},
    "label_period": {"en": "Period", "es": "Período", "pt": "Período"},
    "label_timezone": {"en": "Time zone", "es": "Zona horaria", "pt": "Fuso horário"},
    "label_template": {"en": "Template", "es": "Plantilla", "pt": "Modelo"},
    "demo_header": {"en": "🧪 DEMO", "es": "🧪 DEMO", "pt": "🧪 DEMO"},
    "demo_badge": {
        "en": "🧪 *Demo data*: made-up bulk sends, not your Mindo account.",
        "es": "🧪 *Datos de demostración*: envíos inventados, no son de tu cuenta de Mindo.",
        "pt": "🧪 *Dados de demonstração*: envios fictícios, não são da sua conta Mindo.",
    },
    "bulk_sends": {"en": "Bulk sends", "es": "Envíos masivos", "pt": "Envios em massa"},
    "recipients": {"en": "Recipients", "es": "Destinatarios", "pt": "Destinatários"},
    "sent": {"en": "Sent", "es": "Enviados", "pt": "Enviados"},
    "delivered": {"en": "Delivered", "es": "Entregados", "pt": "Entregues"},
    "read": {"en": "Read", "es": "Leídos", "pt": "Lidos"},
    "failed": {"en": "Failed", "es": "Fallidos", "pt": "Com falha"},
    "pending": {"en": "Pending", "es": "Pendientes", "pt": "Pendentes"},
    "delivery_rate": {"en": "Delivery rate", "es": "Tasa de entrega", "pt": "Taxa de entrega"},
    "read_rate": {"en": "Read rate", "es": "Tasa de lectura", "pt": "Taxa de leitura"},
    "failure_rate": {"en": "Failure rate", "es": "Tasa de fallos", "pt": "Taxa de falha"},
    "by_status": {"en": "By status", "es": "Por estado", "pt": "Por status"},
    "by_template": {"en": "By template", "es": "Por plantilla", "pt": "Por modelo"},
    "more_template": {
        "en": "+1 more template",
        "es": "+1 plantilla más",
        "pt": "+1 modelo a mais",
    },
    "more_templates": {
        "en": "+{n} more templates",
        "es": "+{n} plantillas más",
        "pt": "+{n} modelos a mais",
    },
    "sends_heading": {"en": "Bulk sends", "es": "Envíos", "pt": "Envios"},
    "showing": {
        "en": "{first}–{last} of {total}",
        "es": "{first}–{last} de {total}",
        "pt": "{first}–{last} de {total}",
    },
    "more_sends": {
        "en": "+{n} more · page {page} of {pages}",
        "es": "+{n} más · página {page} de {pages}",
        "pt": "+{n} a mais · página {page} de {pages}",
    },
    "page_of": {
        "en": "page {page} of {pages}",
        "es": "página {page} de {pages}",
        "pt": "página {page} de {pages}",
    },
    "empty": {
        "en": "*No {what}* for {range}.",
        "es": "*No hay {what}* para {range}.",
        "pt": "*Não há {what}* para {range}.",
    },
    "empty_hint": {
        "en": "Try a wider question: a longer period like `last 30 days`, or every status. "
        "`/bulksends help` shows more.",
        "es": "Prueba una pregunta más amplia: un período más largo como `últimos 30 días`, "
        "o todos los estados. `/bulksends ayuda` muestra más.",
        "pt": "Tente uma pergunta mais ampla: um período maior como `últimos 30 dias`, "
        "ou todos os status. `/bulksends ajuda` mostra mais.",
    },
    "share": {
        "en": "Share in channel",
        "es": "Compartir en el canal",
        "pt": "Compartilhar no canal",
    },
    "only_problems": {"en": "Only problems", "es": "Solo problemas", "pt": "Só problemas"},
    "previous": {"en": "Previous", "es": "Anterior", "pt": "Anterior"},
    "next": {"en": "Next", "es": "Siguiente", "pt": "Próxima"},
    "details": {"en": "Details", "es": "Detalles", "pt": "Detalhes"},
    # Help.
    "help_title": {
        "en": "📊 Ask about your bulk sends",
        "es": "📊 Pregunta por tus envíos masivos",
        "pt": "📊 Pergunte sobre seus envios em massa",
    },
    "help_intro": {
        "en": "Write `/bulksends` and a question with a *status*, a *period* and/or a *template*, "
        "in any order and in English, Spanish or Portuguese. Everything is optional: "
        "with no period you get the last 7 days.",
        "es": "Escribe `/bulksends` y una pregunta con un *estado*, un *período* y/o una "
        "*plantilla*, en cualquier orden y en español, inglés o portugués. Todo es opcional: "
        "sin período ves los últimos 7 días.",
        "pt": "Escreva `/bulksends` e uma pergunta com um *status*, um *período* e/ou um "
        "*modelo*, em qualquer ordem e em português, espanhol ou inglês. Tudo é opcional: "
        "sem período você vê os últimos 7 dias.",
    },
    "help_examples": {"en": "Examples", "es": "Ejemplos", "pt": "Exemplos"},
    "help_statuses": {"en": "Statuses", "es": "Estados", "pt": "Status"},
    "help_periods": {"en": "Periods", "es": "Períodos", "pt": "Períodos"},
    "help_templates": {
        "en": "*Templates*: write the template's name, e.g. `welcome_message` or "
        "`template order_confirmation_v2`.",
        "es": "*Plantillas*: escribe el nombre de la plantilla, p. ej. `welcome_message` o "
        "`plantilla order_confirmation_v2`.",
        "pt": "*Modelos*: escreva o nome do modelo, p. ex. `welcome_message` ou "
        "`modelo order_confirmation_v2`.",
    },
    "help_footer": {
        "en": "Answers are only visible to you until you press *Share in channel*.",
        "es": "Las respuestas solo las ves tú hasta que pulses *Compartir en el canal*.",
        "pt": "As respostas só aparecem para você até você clicar em *Compartilhar no canal*.",
    },
    # Errors.
    "query_error_title": {
        "en": "🤔 I didn't quite get that",
        "es": "🤔 No entendí bien la pregunta",
        "pt": "🤔 Não entendi bem a pergunta",
    },
    "not_understood": {
        "en": "Words I didn't understand: {words}",
        "es": "Palabras que no entendí: {words}",
        "pt": "Palavras que não entendi: {words}",
    },
    "try": {"en": "Try", "es": "Prueba", "pt": "Tente"},
    "help_hint": {
        "en": "`/bulksends help` lists everything you can ask.",
        "es": "`/bulksends ayuda` muestra todo lo que puedes preguntar.",
        "pt": "`/bulksends ajuda` mostra tudo o que você pode perguntar.",
    },
    # Failures outside the question: (title, what to do next) per kind.
    "mindo_auth_title": {
        "en": "🔑 Mindo rejected the API key",
        "es": "🔑 Mindo rechazó la clave de API",
        "pt": "🔑 A Mindo recusou a chave de API",
    },
    "mindo_auth_body": {
        "en": "The key is missing, wrong or expired. Ask whoever set up this app to check "
        "`MINDO_API_KEY` and create a new key in Mindo if needed.",
        "es": "La clave falta, es incorrecta o venció. Pide a quien instaló esta app que revise "
        "`MINDO_API_KEY` y cree una clave nueva en Mindo si hace falta.",
        "pt": "A chave está ausente, errada ou expirou. Peça a quem instalou este app para "
        "verificar `MINDO_API_KEY` e criar uma chave nova na Mindo se precisar.",
    },
    "mindo_forbidden_title": {
        "en": "🔒 This API key can't see that",
        "es": "🔒 Esta clave de API no puede ver eso",
        "pt": "🔒 Esta chave de API não pode ver isso",
    },
    "mindo_forbidden_body": {
        "en": "Mindo says the key has no access to this data. Check that the key belongs to "
        "your company's Mindo account.",
        "es": "Mindo dice que la clave no tiene acceso a estos datos. Revisa que la clave sea "
        "de la cuenta de Mindo de tu empresa.",
        "pt": "A Mindo diz que a chave não tem acesso a estes dados. Verifique se a chave é "
        "da conta Mindo da sua empresa.",
    },
    "mindo_not_found_title": {
        "en": "🔍 Mindo couldn't find that",
        "es": "🔍 Mindo no encontró eso",
        "pt": "🔍 A Mindo não encontrou isso",
    },
    "mindo_not_found_body": {
        "en": "It may have been deleted or belong to another account. Ask your question again "
        "to see what is there now.",
        "es": "Puede que se haya borrado o sea de otra cuenta. Vuelve a preguntar para ver lo "
        "que hay ahora.",
        "pt": "Pode ter sido apagado ou ser de outra conta. Pergunte de novo para ver o que "
        "existe agora.",
    },
    "mindo_bad_request_title": {
        "en": "🚧 Mindo didn't accept the search",
        "es": "🚧 Mindo no aceptó la búsqueda",
        "pt": "🚧 A Mindo não aceitou a busca",
    },
    "mindo_bad_request_body": {
        "en": "Try a simpler question, like `failed last week`. If it keeps happening, tell "
        "whoever set up this app.",
        "es": "Prueba una pregunta más simple, como `fallidos la semana pasada`. Si sigue "
        "pasando, avisa a quien instaló esta app.",
        "pt": "Tente uma pergunta mais simples, como `falharam semana passada`. Se continuar, "
        "avise quem instalou este app.",
    },
    "mindo_unavailable_title": {
        "en": "⏳ Mindo isn't answering right now",
        "es": "⏳ Mindo no responde en este momento",
        "pt": "⏳ A Mindo não está respondendo agora",
    },
    "mindo_unavailable_body": {
        "en": "Nothing was lost. Try again in a few minutes.",
        "es": "No se perdió nada. Vuelve a intentarlo en unos minutos.",
        "pt": "Nada foi perdido. Tente de novo em alguns minutos.",
    },
    "mindo_unreadable_title": {
        "en": "🧩 Mindo sent an answer I couldn't read",
        "es": "🧩 Mindo envió una respuesta que no pude leer",
        "pt": "🧩 A Mindo enviou uma resposta que não consegui ler",
    },
    "mindo_unreadable_body": {
        "en": "Try again in a moment. If it keeps happening, tell whoever set up this app.",
        "es": "Vuelve a intentarlo en un momento. Si sigue pasando, avisa a quien instaló esta app.",
        "pt": "Tente de novo daqui a pouco. Se continuar, avise quem instalou este app.",
    },
    "mindo_settings_title": {
        "en": "⚙️ The bot's Mindo settings need a look",
        "es": "⚙️ Hay que revisar la configuración de Mindo del bot",
        "pt": "⚙️ É preciso revisar a configuração da Mindo do bot",
    },
    "mindo_settings_body": {
        "en": "Mindo couldn't be asked with the address or key this app was given. Ask whoever "
        "set up this app to run `bulksends check`: it says which setting is wrong.",
        "es": "No se pudo consultar a Mindo con la dirección o la clave que tiene esta app. Pide "
        "a quien instaló esta app que ejecute `bulksends check`: dice qué ajuste está mal.",
        "pt": "Não foi possível consultar a Mindo com o endereço ou a chave deste app. Peça a "
        "quem instalou este app para rodar `bulksends check`: ele diz qual ajuste está errado.",
    },
    "too_long_title": {
        "en": "✂️ That question is too long",
        "es": "✂️ La pregunta es demasiado larga",
        "pt": "✂️ A pergunta é longa demais",
    },
    "too_long_body": {
        "en": "Ask something shorter, like `failed last week`.",
        "es": "Pregunta algo más corto, como `fallidos la semana pasada`.",
        "pt": "Pergunte algo mais curto, como `falharam semana passada`.",
    },
    "internal_title": {
        "en": "😵 Something went wrong on our side",
        "es": "😵 Algo salió mal de nuestro lado",
        "pt": "😵 Algo deu errado do nosso lado",
    },
    "internal_body": {
        "en": "Nothing was lost. Please try again; if it keeps happening, tell whoever set up "
        "this app.",
        "es": "No se perdió nada. Vuelve a intentarlo; si sigue pasando, avisa a quien instaló "
        "esta app.",
        "pt": "Nada foi perdido. Tente de novo; se continuar, avise quem instalou este app.",
    },
}

STATUS_EMOJI: dict[Status, str] = {
    Status.QUEUED: "⏳",
    Status.PROCESSING: "🔄",
    Status.COMPLETED: "✅",
    Status.PARTIAL: "⚠️",
    Status.FAILED: "❌",
    Status.CANCELLED: "🚫",
}

#: A status as a label ("Failed 3").
STATUS_LABELS: dict[Status, dict[Language, str]] = {
    Status.QUEUED: {"en": "Queued", "es": "En cola", "pt": "Na fila"},
    Status.PROCESSING: {"en": "Processing", "es": "Procesando", "pt": "Processando"},
    Status.COMPLETED: {"en": "Completed", "es": "Completado", "pt": "Concluído"},
    Status.PARTIAL: {"en": "Partial", "es": "Parcial", "pt": "Parcial"},
    Status.FAILED: {"en": "Failed", "es": "Fallido", "pt": "Com falha"},
    Status.CANCELLED: {"en": "Cancelled", "es": "Cancelado", "pt": "Cancelado"},
}

#: A status describing sends ("failed bulk sends", "envíos masivos fallidos").
STATUS_ADJECTIVES: dict[Status, dict[Language, str]] = {
    Status.QUEUED: {"en": "queued", "es": "en cola", "pt": "na fila"},
    Status.PROCESSING: {"en": "processing", "es": "en curso", "pt": "em andamento"},
    Status.COMPLETED: {"en": "completed", "es": "completados", "pt": "concluídos"},
    Status.PARTIAL: {"en": "partial", "es": "parciales", "pt": "parciais"},
    Status.FAILED: {"en": "failed", "es": "fallidos", "pt": "com falha"},
    Status.CANCELLED: {"en": "cancelled", "es": "cancelados", "pt": "cancelados"},
}

#: Questions the parser understands, shown in help and after a question it did not.
EXAMPLES: dict[Language, tuple[str, ...]] = {
    "en": (
        "failed last week",
        "partial yesterday",
        "problems this month",
        "welcome_message last 30 days",
        "completed since nov 3",
        "failed or partial between nov 1 and nov 15",
        "in progress today",
        "order_confirmation_v2 in october",
    ),
    "es": (
        "fallidos la semana pasada",
        "parciales ayer",
        "con problemas este mes",
        "welcome_message últimos 30 días",
        "completados desde el 3 de noviembre",
        "fallidos o parciales del 1 al 15 de noviembre",
        "en curso hoy",
        "order_confirmation_v2 en octubre",
    ),
    "pt": (
        "falharam semana passada",
        "parciais ontem",
        "com problemas este mês",
        "welcome_message últimos 30 dias",
        "concluídos desde 3 de novembro",
        "com falha ou parciais entre 1 e 15 de novembro",
        "em andamento hoje",
        "order_confirmation_v2 em outubro",
    ),
}


t = Catalog(CATALOG)
