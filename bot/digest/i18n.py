"""The digest's own words in English, Spanish and Portuguese (mrkdwn where it says so).

Words every message shares (Recipients, Failed, Details, the demo badge, status labels)
come from ``bot.message.i18n``; this catalog holds only what the digest adds.
"""

from __future__ import annotations

from bot.query.model import Language

CATALOG: dict[str, dict[Language, str]] = {
    # The digest message.
    "title": {
        "en": "📬 Daily digest · {date}",
        "es": "📬 Resumen diario · {date}",
        "pt": "📬 Resumo diário · {date}",
    },
    "about": {
        "en": "Bulk sends created on {date} ({tz})",
        "es": "Envíos masivos creados el {date} ({tz})",
        "pt": "Envios em massa criados em {date} ({tz})",
    },
    "late": {
        "en": "⏰ Posted late: this digest was due at {time}.",
        "es": "⏰ Publicado tarde: este resumen debía salir a las {time}.",
        "pt": "⏰ Publicado com atraso: este resumo deveria sair às {time}.",
    },
    "vs_day": {"en": "vs. {day}", "es": "vs. {day}", "pt": "vs. {day}"},
    "vs_week": {"en": "vs. 7-day avg.", "es": "vs. media 7 días", "pt": "vs. média 7 dias"},
    "new": {"en": "new", "es": "nuevo", "pt": "novo"},
    "points": {"en": "{n} pts", "es": "{n} pp", "pt": "{n} p.p."},
    "quiet": {
        "en": "😌 Quiet day: no bulk sends on {date}.",
        "es": "😌 Día tranquilo: no hubo envíos masivos el {date}.",
        "pt": "😌 Dia tranquilo: nenhum envio em massa em {date}.",
    },
    "top_templates": {
        "en": "*Top templates*",
        "es": "*Plantillas más enviadas*",
        "pt": "*Modelos mais enviados*",
    },
    "template_line": {
        "en": "{sends} · {recipients} recipients · {rate} delivered",
        "es": "{sends} · {recipients} destinatarios · {rate} entregados",
        "pt": "{sends} · {recipients} destinatários · {rate} entregues",
    },
    "one_send": {"en": "1 send", "es": "1 envío", "pt": "1 envio"},
    "n_sends": {"en": "{n} sends", "es": "{n} envíos", "pt": "{n} envios"},
    "problems": {
        "en": "*⚠️ Problems ({n})*",
        "es": "*⚠️ Problemas ({n})*",
        "pt": "*⚠️ Problemas ({n})*",
    },
    "no_problems": {
        "en": "✅ No failed or partial sends.",
        "es": "✅ Ningún envío fallido ni parcial.",
        "pt": "✅ Nenhum envio com falha ou parcial.",
    },
    "failed_of": {
        "en": "{failed} of {recipients} failed",
        "es": "{failed} de {recipients} fallidos",
        "pt": "{failed} de {recipients} com falha",
    },
    "no_reason": {
        "en": "(no reason given)",
        "es": "(sin motivo)",
        "pt": "(sem motivo)",
    },
    "more_problems": {
        "en": "+{n} more with problems: ask `/bulksends problems yesterday`.",
        "es": "+{n} más con problemas: pregunta `/bulksends problemas ayer`.",
        "pt": "+{n} outros com problemas: pergunte `/bulksends problemas ontem`.",
    },
    "running": {
        "en": "*🔄 Still running ({n})*",
        "es": "*🔄 Todavía en curso ({n})*",
        "pt": "*🔄 Ainda em andamento ({n})*",
    },
    "eta_minutes": {
        "en": "about {n} min left",
        "es": "faltan unos {n} min",
        "pt": "faltam cerca de {n} min",
    },
    "eta_hours": {
        "en": "about {n} h left",
        "es": "faltan unas {n} h",
        "pt": "faltam cerca de {n} h",
    },
    "waiting": {"en": "waiting to start", "es": "esperando turno", "pt": "aguardando início"},
    "more_running": {
        "en": "+{n} more running.",
        "es": "+{n} más en curso.",
        "pt": "+{n} outros em andamento.",
    },
    "phones": {
        "en": "*📱 Phone numbers*",
        "es": "*📱 Números de teléfono*",
        "pt": "*📱 Números de telefone*",
    },
    "quota_left": {
        "en": "{remaining} of {limit} left today",
        "es": "quedan {remaining} de {limit} hoy",
        "pt": "restam {remaining} de {limit} hoje",
    },
    "no_limit": {"en": "no daily limit", "es": "sin límite diario", "pt": "sem limite diário"},
    "nearly_used": {
        "en": "⚠️ {pct} of the daily quota used",
        "es": "⚠️ {pct} de la cuota diaria usada",
        "pt": "⚠️ {pct} da cota diária usada",
    },
    "cannot_send": {
        "en": "⛔ cannot send right now",
        "es": "⛔ no puede enviar ahora",
        "pt": "⛔ não pode enviar agora",
    },
    "more_phones": {
        "en": "+{n} more numbers.",
        "es": "+{n} números más.",
        "pt": "+{n} outros números.",
    },
    "phones_unknown": {
        "en": "Couldn't read the numbers' quotas from Mindo this time.",
        "es": "Esta vez no pude leer las cuotas de los números en Mindo.",
        "pt": "Desta vez não consegui ler as cotas dos números no Mindo.",
    },
    "footer": {
        "en": "Daily digest for this channel · change it with `/bulksends digest`",
        "es": "Resumen diario de este canal · cámbialo con `/bulksends digest`",
        "pt": "Resumo diário deste canal · altere com `/bulksends digest`",
    },
    "fallback": {
        "en": "Daily digest for {date}: {sends} bulk sends, {recipients} recipients, "
        "{delivered} delivered, {failed} failed, {problems} with problems.",
        "es": "Resumen diario del {date}: {sends} envíos masivos, {recipients} destinatarios, "
        "{delivered} entregados, {failed} fallidos, {problems} con problemas.",
        "pt": "Resumo diário de {date}: {sends} envios em massa, {recipients} destinatários, "
        "{delivered} entregues, {failed} com falha, {problems} com problemas.",
    },
    "unavailable": {
        "en": "⚠️ I couldn't build the digest for {date}: Mindo isn't answering. "
        "Ask `/bulksends yesterday` in a while.",
        "es": "⚠️ No pude armar el resumen del {date}: Mindo no responde. "
        "Pregunta `/bulksends ayer` en un rato.",
        "pt": "⚠️ Não consegui montar o resumo de {date}: o Mindo não está respondendo. "
        "Pergunte `/bulksends ontem` daqui a pouco.",
    },
    # The direct message to whoever configured a digest that cannot be posted.
    "problem_notice": {
        "en": "⚠️ I couldn't post the daily digest in {channel}: {reason} {fix}",
        "es": "⚠️ No pude publicar el resumen diario en {channel}: {reason} {fix}",
        "pt": "⚠️ Não consegui publicar o resumo diário em {channel}: {reason} {fix}",
    },
    "channel_not_found": {
        "en": "the channel is gone, or it is private and I'm not in it.",
        "es": "el canal ya no existe, o es privado y no estoy en él.",
        "pt": "o canal não existe mais, ou é privado e eu não estou nele.",
    },
    "not_in_channel": {
        "en": "I'm not a member of that channel.",
        "es": "no soy miembro de ese canal.",
        "pt": "não sou membro desse canal.",
    },
    "is_archived": {
        "en": "the channel is archived.",
        "es": "el canal está archivado.",
        "pt": "o canal está arquivado.",
    },
    "problem_fix": {
        "en": "Invite me with `/invite @bulksends` there, or turn the digest off with "
        "`/bulksends digest {target} off`. I'll try again at the next digest time.",
        "es": "Invítame con `/invite @bulksends` en ese canal, o apaga el resumen con "
        "`/bulksends digest {target} off`. Lo intentaré de nuevo en el próximo horario.",
        "pt": "Me convide com `/invite @bulksends` nesse canal, ou desligue o resumo com "
        "`/bulksends digest {target} off`. Vou tentar de novo no próximo horário.",
    },
}


def t(language: Language, key: str, **values: object) -> str:
    """The phrase ``key`` in ``language``, placeholders filled."""
    return CATALOG[key][language].format(**values)
