"""The digest's own words in English, Spanish and Portuguese (mrkdwn where it says so).

Words every message shares (Recipients, Failed, Details, the demo badge, status labels)
come from ``bot.message.i18n``; this catalog holds only what the digest adds.
"""

from __future__ import annotations

from bot.locale.languages import Language
from bot.message.i18n import Catalog

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
        "en": "{sends} · {recipients} recipients · delivery rate {rate}",
        "es": "{sends} · {recipients} destinatarios · tasa de entrega {rate}",
        "pt": "{sends} · {recipients} destinatários · taxa de entrega {rate}",
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
    "reasons_sample": {
        "en": "from the first {n} failed messages",
        "es": "de los primeros {n} mensajes fallidos",
        "pt": "das primeiras {n} mensagens com falha",
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
    "tier_daily": {
        "en": "tier: {n} customers a day",
        "es": "nivel: {n} clientes por día",
        "pt": "nível: {n} clientes por dia",
    },
    "tier_unlimited": {
        "en": "tier: unlimited",
        "es": "nivel: ilimitado",
        "pt": "nível: ilimitado",
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
    # Answers to `/bulksends digest …`.
    "every_day": {"en": "every day", "es": "todos los días", "pt": "todos os dias"},
    "weekdays": {"en": "Monday to Friday", "es": "de lunes a viernes", "pt": "de segunda a sexta"},
    "weekends": {"en": "weekends", "es": "fines de semana", "pt": "fins de semana"},
    "schedule": {
        "en": "{days} at {time} ({tz})",
        "es": "{days} a las {time} ({tz})",
        "pt": "{days} às {time} ({tz})",
    },
    "list_title": {
        "en": "📬 Daily digests",
        "es": "📬 Resúmenes diarios",
        "pt": "📬 Resumos diários",
    },
    "list_empty": {
        "en": "No daily digests yet. Set one up in a channel with `/bulksends digest here at 9:00`.",
        "es": "Todavía no hay resúmenes diarios. Crea uno en un canal con "
        "`/bulksends digest aquí a las 9:00`.",
        "pt": "Ainda não há resumos diários. Crie um em um canal com "
        "`/bulksends digest aqui às 9:00`.",
    },
    "skips_empty": {
        "en": "skips days without sends",
        "es": "omite días sin envíos",
        "pt": "pula dias sem envios",
    },
    "is_off": {"en": "⏸️ off", "es": "⏸️ apagado", "pt": "⏸️ desligado"},
    "next": {"en": "next: {when}", "es": "próximo: {when}", "pt": "próximo: {when}"},
    "last_sent": {
        "en": "✅ last posted {day}",
        "es": "✅ último el {day}",
        "pt": "✅ último em {day}",
    },
    "last_problem": {
        "en": "⚠️ couldn't post ({error}) on {day}",
        "es": "⚠️ no se pudo publicar ({error}) el {day}",
        "pt": "⚠️ não foi possível publicar ({error}) em {day}",
    },
    "more_digests": {
        "en": "+{n} more digests.",
        "es": "+{n} resúmenes más.",
        "pt": "+{n} outros resumos.",
    },
    "list_footer": {
        "en": "Change them (admins): `/bulksends digest here at 9:00` · `… weekdays` · "
        "`… off` · `… preview` · `… edit` · `/bulksends digest help`",
        "es": "Cambiarlos (admins): `/bulksends digest aquí a las 9:00` · `… días laborables` · "
        "`… apagar` · `… vista previa` · `… editar` · `/bulksends digest ayuda`",
        "pt": "Alterar (admins): `/bulksends digest aqui às 9:00` · `… dias úteis` · "
        "`… desligar` · `… prévia` · `… editar` · `/bulksends digest ajuda`",
    },
    "saved": {
        "en": "✅ Daily digest for {channel}: {schedule}. Next one: {next}.",
        "es": "✅ Resumen diario para {channel}: {schedule}. El próximo: {next}.",
        "pt": "✅ Resumo diário para {channel}: {schedule}. O próximo: {next}.",
    },
    "saved_skip": {
        "en": "Days without bulk sends are skipped.",
        "es": "Los días sin envíos masivos se omiten.",
        "pt": "Dias sem envios em massa são pulados.",
    },
    "saved_keep": {
        "en": "A day without bulk sends gets one short line.",
        "es": "Un día sin envíos masivos recibe una línea breve.",
        "pt": "Um dia sem envios em massa recebe uma linha curta.",
    },
    "saved_invite": {
        "en": "If {channel} is private, invite me there: `/invite @bulksends`.",
        "es": "Si {channel} es privado, invítame: `/invite @bulksends`.",
        "pt": "Se {channel} for privado, me convide: `/invite @bulksends`.",
    },
    "turned_off": {
        "en": "⏸️ The daily digest for {channel} is off. Turn it back on with "
        "`/bulksends digest {channel} on`.",
        "es": "⏸️ El resumen diario de {channel} está apagado. Vuelve a activarlo con "
        "`/bulksends digest {channel} on`.",
        "pt": "⏸️ O resumo diário de {channel} está desligado. Ligue de novo com "
        "`/bulksends digest {channel} on`.",
    },
    "none_there": {
        "en": "There is no daily digest in {channel} yet. Set one up with "
        "`/bulksends digest {channel} at 9:00`.",
        "es": "Todavía no hay resumen diario en {channel}. Créalo con "
        "`/bulksends digest {channel} a las 9:00`.",
        "pt": "Ainda não há resumo diário em {channel}. Crie com "
        "`/bulksends digest {channel} às 9:00`.",
    },
    "not_allowed": {
        "en": "🔒 Only workspace admins and owners{others} can change digests. Ask one of "
        "them; anyone can see the list with `/bulksends digest`.",
        "es": "🔒 Solo los administradores y propietarios del espacio de trabajo{others} pueden "
        "cambiar los resúmenes. Pídeselo a uno; cualquiera puede ver la lista con "
        "`/bulksends digest`.",
        "pt": "🔒 Só administradores e proprietários do workspace{others} podem alterar os "
        "resumos. Peça a um deles; qualquer pessoa vê a lista com `/bulksends digest`.",
    },
    "and_users": {"en": " (and {users})", "es": " (y {users})", "pt": " (e {users})"},
    "channel_by_name": {
        "en": "I can't find {channel}. Pick the channel from Slack's suggestions as you type "
        "it, run the command inside it (`/bulksends digest here …`), or choose it in the form: "
        "`/bulksends digest edit`.",
        "es": "No encuentro {channel}. Elige el canal entre las sugerencias de Slack al "
        "escribirlo, ejecuta el comando dentro de él (`/bulksends digest aquí …`), o elígelo "
        "en el formulario: `/bulksends digest editar`.",
        "pt": "Não encontro {channel}. Escolha o canal nas sugestões do Slack ao digitá-lo, "
        "rode o comando dentro dele (`/bulksends digest aqui …`), ou escolha-o no formulário: "
        "`/bulksends digest editar`.",
    },
    "not_a_channel": {
        "en": "A digest belongs in a channel: run the command inside it, or pick it in the "
        "form: `/bulksends digest edit`.",
        "es": "Un resumen va en un canal: ejecuta el comando dentro de él, o elígelo en el "
        "formulario: `/bulksends digest editar`.",
        "pt": "Um resumo vai num canal: rode o comando dentro dele, ou escolha-o no formulário: "
        "`/bulksends digest editar`.",
    },
    "not_understood": {
        "en": "I didn't understand {words}. Try: {examples}. More: `/bulksends digest help`.",
        "es": "No entendí {words}. Prueba: {examples}. Más: `/bulksends digest ayuda`.",
        "pt": "Não entendi {words}. Tente: {examples}. Mais: `/bulksends digest ajuda`.",
    },
    "preview_note": {
        "en": "👀 Preview, only you can see it: {channel}'s digest, built now.",
        "es": "👀 Vista previa, solo tú la ves: el resumen de {channel}, armado ahora.",
        "pt": "👀 Prévia, só você vê: o resumo de {channel}, montado agora.",
    },
    "preview_working": {
        "en": "⏳ Building a preview of the digest…",
        "es": "⏳ Armando una vista previa del resumen…",
        "pt": "⏳ Montando uma prévia do resumo…",
    },
    "help_title": {
        "en": "📬 Daily digest: yesterday's bulk sends, every morning",
        "es": "📬 Resumen diario: los envíos de ayer, cada mañana",
        "pt": "📬 Resumo diário: os envios de ontem, toda manhã",
    },
    "help_body": {
        "en": "Each morning the digest posts yesterday's totals and rates (against the day before "
        "and the week), the sends with problems and why, what is still running, and each "
        "number's quota. One per channel; only admins can change them.",
        "es": "Cada mañana el resumen publica los totales y tasas de ayer (contra el día anterior "
        "y la semana), los envíos con problemas y por qué, lo que sigue en curso y la cuota "
        "de cada número. Uno por canal; solo los administradores pueden cambiarlos.",
        "pt": "Toda manhã o resumo publica os totais e taxas de ontem (contra o dia anterior e a "
        "semana), os envios com problemas e por quê, o que continua em andamento e a cota de "
        "cada número. Um por canal; só administradores podem alterá-los.",
    },
    # The form (`/bulksends digest edit`). Titles and buttons: 24 characters at most.
    "form_title": {"en": "Daily digest", "es": "Resumen diario", "pt": "Resumo diário"},
    "form_save": {"en": "Save", "es": "Guardar", "pt": "Salvar"},
    "form_cancel": {"en": "Cancel", "es": "Cancelar", "pt": "Cancelar"},
    "form_channel": {"en": "Channel", "es": "Canal", "pt": "Canal"},
    "form_time": {"en": "Time", "es": "Hora", "pt": "Horário"},
    "form_days": {"en": "Days", "es": "Días", "pt": "Dias"},
    "form_tz": {
        "en": "Time zone (IANA, e.g. America/New_York)",
        "es": "Zona horaria (IANA, p. ej. America/Bogota)",
        "pt": "Fuso horário (IANA, ex. America/Sao_Paulo)",
    },
    "form_options": {"en": "Options", "es": "Opciones", "pt": "Opções"},
    "form_enabled": {"en": "On", "es": "Activado", "pt": "Ligado"},
    "form_skip": {
        "en": "Skip days without bulk sends",
        "es": "Omitir días sin envíos",
        "pt": "Pular dias sem envios",
    },
    "form_bad_time": {
        "en": "Pick a time.",
        "es": "Elige una hora.",
        "pt": "Escolha um horário.",
    },
    "form_no_days": {
        "en": "Pick at least one day.",
        "es": "Elige al menos un día.",
        "pt": "Escolha pelo menos um dia.",
    },
    "form_bad_tz": {
        "en": "Not a time zone I know; try one like America/New_York.",
        "es": "No conozco esa zona horaria; prueba algo como America/Bogota.",
        "pt": "Não conheço esse fuso; tente algo como America/Sao_Paulo.",
    },
    "form_no_channel": {
        "en": "Pick a channel.",
        "es": "Elige un canal.",
        "pt": "Escolha um canal.",
    },
}

#: Commands shown in help and after a command that was not understood.
EXAMPLES: dict[Language, tuple[str, ...]] = {
    "en": (
        "digest here at 9:00",
        "digest #marketing 8:30 weekdays",
        "digest here tz Europe/Madrid",
        "digest here skip empty days",
        "digest here off",
        "digest here preview",
        "digest edit",
        "digest",
    ),
    "es": (
        "digest aquí a las 9:00",
        "digest #marketing 8:30 de lunes a viernes",
        "digest aquí zona horaria America/Bogota",
        "digest aquí omitir días vacíos",
        "digest aquí apagar",
        "digest aquí vista previa",
        "digest editar",
        "digest",
    ),
    "pt": (
        "digest aqui às 9:00",
        "digest #marketing 8:30 dias úteis",
        "digest aqui fuso America/Sao_Paulo",
        "digest aqui pular dias vazios",
        "digest aqui desligar",
        "digest aqui prévia",
        "digest editar",
        "digest",
    ),
}


t = Catalog(CATALOG)
