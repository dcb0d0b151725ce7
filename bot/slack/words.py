"""The Slack app's own phrases (Home tab, Details, Slack-side notices) in en/es/pt.

The answer's words (totals, statuses, errors about Mindo) live in ``bot.message.i18n``
and are reused from there; these are only the phrases that exist because of Slack.
"""

from __future__ import annotations

from bot.locale.languages import Language
from bot.message.i18n import Catalog

CATALOG: dict[str, dict[Language, str]] = {
    # Acknowledgements and notices.
    "looking_up": {"en": "⏳ Looking that up…", "es": "⏳ Buscando…", "pt": "⏳ Procurando…"},
    "looking_up_sends": {
        "en": "⏳ Looking up {what}…",
        "es": "⏳ Buscando {what}…",
        "pt": "⏳ Buscando {what}…",
    },
    "shared_by": {
        "en": "Shared by <@{user}>",
        "es": "Compartido por <@{user}>",
        "pt": "Compartilhado por <@{user}>",
    },
    "cannot_post_title": {
        "en": "📪 I can't post in this conversation",
        "es": "📪 No puedo publicar en esta conversación",
        "pt": "📪 Não consigo publicar nesta conversa",
    },
    "cannot_post_body": {
        "en": "In a private channel, invite me first with `/invite @bulksends`, then press "
        "*Share in channel* again. In a direct message, ask in a channel instead.",
        "es": "En un canal privado, invítame primero con `/invite @bulksends` y vuelve a "
        "pulsar *Compartir en el canal*. En un mensaje directo, pregunta en un canal.",
        "pt": "Em um canal privado, me convide primeiro com `/invite @bulksends` e clique de "
        "novo em *Compartilhar no canal*. Em uma mensagem direta, pergunte em um canal.",
    },
    "archived_title": {
        "en": "🗄️ This channel is archived",
        "es": "🗄️ Este canal está archivado",
        "pt": "🗄️ Este canal está arquivado",
    },
    "archived_body": {
        "en": "Nobody can post here any more. Ask again in another channel.",
        "es": "Ya nadie puede publicar aquí. Pregunta de nuevo en otro canal.",
        "pt": "Ninguém pode publicar aqui. Pergunte de novo em outro canal.",
    },
    "restricted_title": {
        "en": "🔒 Only some people may post in this channel",
        "es": "🔒 Solo algunas personas pueden publicar en este canal",
        "pt": "🔒 Só algumas pessoas podem publicar neste canal",
    },
    "restricted_body": {
        "en": "Its settings do not let me post here. Share in another channel, or ask "
        "whoever manages this one.",
        "es": "Su configuración no me deja publicar aquí. Comparte en otro canal o pregunta "
        "a quien lo administra.",
        "pt": "As configurações dele não me deixam publicar aqui. Compartilhe em outro canal "
        "ou pergunte a quem o administra.",
    },
    "stale_title": {
        "en": "🕰️ That button is from an older answer",
        "es": "🕰️ Ese botón es de una respuesta anterior",
        "pt": "🕰️ Esse botão é de uma resposta antiga",
    },
    "stale_body": {
        "en": "Ask again with `/bulksends` to get fresh buttons.",
        "es": "Vuelve a preguntar con `/bulksends` para tener botones nuevos.",
        "pt": "Pergunte de novo com `/bulksends` para ter botões novos.",
    },
    "slack_title": {
        "en": "📡 Slack didn't accept my answer",
        "es": "📡 Slack no aceptó mi respuesta",
        "pt": "📡 O Slack não aceitou minha resposta",
    },
    "slack_body": {
        "en": "Nothing was lost. Try again in a moment; if it keeps happening, tell whoever "
        "set up this app.",
        "es": "No se perdió nada. Vuelve a intentarlo en un momento; si sigue pasando, avisa a "
        "quien instaló esta app.",
        "pt": "Nada foi perdido. Tente de novo daqui a pouco; se continuar, avise quem "
        "instalou este app.",
    },
    # App Home.
    "home_title": {
        "en": "📊 Bulk sends at a glance",
        "es": "📊 Tus envíos masivos de un vistazo",
        "pt": "📊 Seus envios em massa num relance",
    },
    "home_today": {"en": "Today", "es": "Hoy", "pt": "Hoje"},
    "home_week": {"en": "This week", "es": "Esta semana", "pt": "Esta semana"},
    "home_running": {"en": "Sending now", "es": "Enviándose ahora", "pt": "Enviando agora"},
    "home_none_running": {
        "en": "Nothing is sending right now.",
        "es": "No se está enviando nada en este momento.",
        "pt": "Nada está sendo enviado agora.",
    },
    "home_more_running": {
        "en": "+{n} more sending now.",
        "es": "+{n} más enviándose ahora.",
        "pt": "+{n} a mais enviando agora.",
    },
    "home_updated": {
        "en": "Updated {time} · times in {zone}",
        "es": "Actualizado {time} · horas en {zone}",
        "pt": "Atualizado {time} · horários em {zone}",
    },
    # Details.
    "details_for": {"en": "Details", "es": "Detalles", "pt": "Detalhes"},
    "created_by": {"en": "Created by", "es": "Creado por", "pt": "Criado por"},
    "created": {"en": "Created", "es": "Creado", "pt": "Criado"},
    "started": {"en": "Started", "es": "Iniciado", "pt": "Iniciado"},
    "completed": {"en": "Finished", "es": "Terminado", "pt": "Concluído"},
    "duration": {"en": "Duration", "es": "Duración", "pt": "Duração"},
    "eta": {"en": "Time left", "es": "Tiempo restante", "pt": "Tempo restante"},
    "not_yet": {"en": "not yet", "es": "todavía no", "pt": "ainda não"},
    "unknown": {"en": "unknown", "es": "desconocido", "pt": "desconhecido"},
    "sender": {"en": "Sender", "es": "Remitente", "pt": "Remetente"},
    "progress": {"en": "Progress", "es": "Progreso", "pt": "Progresso"},
    "top_reasons": {
        "en": "Top failure reasons",
        "es": "Principales motivos de fallo",
        "pt": "Principais motivos de falha",
    },
    "no_reasons": {
        "en": "No failed messages to explain.",
        "es": "No hay mensajes fallidos que explicar.",
        "pt": "Não há mensagens com falha para explicar.",
    },
    "reason_missing": {
        "en": "(no reason given)",
        "es": "(sin motivo indicado)",
        "pt": "(sem motivo informado)",
    },
    "more_reasons": {
        "en": "+{n} other reasons ({count} messages)",
        "es": "+{n} motivos más ({count} mensajes)",
        "pt": "+{n} outros motivos ({count} mensagens)",
    },
    "reasons_sample": {
        "en": "from the first {n} failed messages",
        "es": "de los primeros {n} mensajes fallidos",
        "pt": "das primeiras {n} mensagens com falha",
    },
}


t = Catalog(CATALOG)
