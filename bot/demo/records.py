"""The demo company's fixed records (templates, numbers, people) and per-send messages.

Kept apart from ``demo_data`` so that module reads as "how the sends are made".
All names, numbers and addresses are invented; domains use ``.example``.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from bot.domain.sends import BulkSend, PhoneNumberRef, TemplateRef
from bot.mindo.models import (
    AccountTemplate,
    BusinessAccount,
    BusinessAccounts,
    BusinessInfo,
    Creator,
    Message,
    PhoneNumber,
    Quota,
)


@dataclass(frozen=True)
class DemoTemplate:
    ref: TemplateRef
    category: str
    #: (variable name, kind of sample value) in template order.
    variables: tuple[tuple[str, str], ...]
    #: How often the company sends it, relative to the others.
    weight: int

    @property
    def phone_index(self) -> int:
        """Spanish goes out from the Argentine number, Portuguese from Brazil, English from the US."""
        return {"es": 0, "pt": 1}.get(self.ref.language, 2)


def _template(
    id: int, name: str, language: str, category: str, weight: int, *variables: tuple[str, str]
) -> DemoTemplate:
    return DemoTemplate(TemplateRef(id, name, language, "APPROVED"), category, variables, weight)


_NAME = {"es": ("nombre", "first_name"), "pt": ("nome", "first_name"), "en": ("name", "first_name")}
TEMPLATES: dict[int, DemoTemplate] = {
    t.ref.id: t
    for t in (
        _template(45, "welcome_message", "es", "MARKETING", 14, _NAME["es"]),
        _template(47, "welcome_message", "pt", "MARKETING", 6, _NAME["pt"]),
        _template(48, "welcome_message", "en", "MARKETING", 3, _NAME["en"]),
        _template(46, "order_confirmation", "es", "UTILITY", 12, _NAME["es"], ("pedido", "order")),
        _template(49, "order_confirmation", "pt", "UTILITY", 5, _NAME["pt"], ("pedido", "order")),
        _template(
            52,
            "order_confirmation_v2",
            "es",
            "UTILITY",
            9,
            _NAME["es"],
            ("pedido", "order"),
            ("fecha_entrega", "date"),
        ),
        _template(53, "order_confirmation_v2", "en", "UTILITY", 2, _NAME["en"], ("order", "order")),
        _template(60, "black_friday_2025", "es", "MARKETING", 6, _NAME["es"], ("cupon", "coupon")),
        _template(61, "black_friday_2025", "pt", "MARKETING", 3, _NAME["pt"], ("cupom", "coupon")),
        _template(70, "abandoned_cart", "es", "MARKETING", 8, _NAME["es"], ("producto", "product")),
        _template(71, "abandoned_cart", "en", "MARKETING", 2, _NAME["en"], ("product", "product")),
        _template(
            80,
            "appointment_reminder",
            "es",
            "UTILITY",
            7,
            _NAME["es"],
            ("fecha", "date"),
            ("hora", "time"),
        ),
        _template(81, "appointment_reminder", "pt", "UTILITY", 3, _NAME["pt"], ("data", "date")),
        _template(90, "payment_reminder", "es", "UTILITY", 5, _NAME["es"], ("monto", "amount")),
    )
}

PHONES = (
    PhoneNumberRef(123, "+54 9 11 5263-0780", "Aurora Market"),
    PhoneNumberRef(124, "+55 11 3958-0412", "Aurora Market Brasil"),
    PhoneNumberRef(125, "+1 305-555-0148", "Aurora Market US"),
)
_TIERS = {123: ("TIER_10K", 10_000), 124: ("TIER_1K", 1_000), 125: ("TIER_UNLIMITED", None)}

CREATORS = (
    Creator(12, "lucia.fernandez@auroramarket.example", "Lucía", "Fernández"),
    Creator(15, "martin.gomez@auroramarket.example", "Martín", "Gómez"),
    Creator(21, "ana.souza@auroramarket.example", "Ana", "Souza"),
    Creator(27, "james.miller@auroramarket.example", "James", "Miller"),
)

#: A send that exists but belongs to another company (the fake answers 403).
FOREIGN_SEND_ID = "0f0e0d0c-0b0a-4908-8706-050403020100"

#: Failure texts as Meta words them, with how often each shows up.
META_ERRORS = {
    "(#131026) Message undeliverable": 40,
    "(#131049) This message was not delivered to maintain healthy ecosystem engagement": 25,
    "(#131047) Re-engagement message: more than 24 hours have passed since the customer "
    "last replied to this number": 12,
    "(#130472) User's number is part of an experiment": 8,
    "(#132001) Template name does not exist in the translation": 5,
    "(#131031) Account has been locked": 3,
    "(#131000) Something went wrong": 7,
}
_REJECTED_BEFORE_SENDING = ("(#132001)", "(#131031)")

_FIRST_NAMES = {
    "es": ("María", "Juan", "Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Lucas"),
    "pt": ("Ana", "João", "Beatriz", "Pedro", "Larissa", "Gabriel", "Mariana", "Rafael"),
    "en": ("Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Jack"),
}
_PRODUCTS = ("Lámpara nórdica", "Set de sábanas", "Zapatillas urbanas", "Mochila 20 L", "Taza")
_WAMID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def build_business_info(timezone: str) -> BusinessInfo:
    return BusinessInfo(
        id=318,
        name="Aurora Market S.A.",
        email="hola@auroramarket.example",
        phone="+54 11 5263-0780",
        website="https://auroramarket.example",
        address="Av. Corrientes 1234, C1043 Buenos Aires, Argentina",
        description="Tienda online de hogar y moda (datos de demostración).",
        timezone=timezone,
        size="11-50",
        size_display="11 a 50 empleados",
        company_types=("E-commerce",),
        categories=("Retail", "Hogar", "Moda"),
    )


def build_business_accounts(sends: Iterable[BulkSend], now: datetime) -> BusinessAccounts:
    """Two WhatsApp accounts; each number's quota reflects the sends of the last 24 hours."""
    used: Counter[int] = Counter()
    for send in sends:
        if send.created_at >= now - timedelta(hours=24):
            used[send.phone_number.id] += send.sent_count + send.failed_count

    def account(account_id: str, name: str, phones: tuple[int, ...]) -> BusinessAccount:
        return BusinessAccount(
            business_account_id=account_id,
            business_name=name,
            phone_numbers=tuple(
                _phone_number(PHONES[i], used[PHONES[i].id], primary=i == phones[0]) for i in phones
            ),
            templates=tuple(
                AccountTemplate(
                    name=t.ref.name,
                    language=t.ref.language,
                    category=t.category,
                    variables=tuple(name for name, _ in t.variables),
                )
                for t in TEMPLATES.values()
                if t.phone_index in phones
            ),
        )

    return BusinessAccounts(
        company_name="Aurora Market S.A.",
        api_key_name="Slack bot (demo)",
        accounts=(
            account("104857600123456", "Aurora Market", (0, 2)),
            account("104857600654321", "Aurora Market Brasil", (1,)),
        ),
    )


def _phone_number(ref: PhoneNumberRef, used: int, *, primary: bool) -> PhoneNumber:
    tier, limit = _TIERS[ref.id]
    if limit is None:
        quota = Quota(None, used, None, 0.0, True)
    else:
        used = min(used, limit)
        quota = Quota(limit, used, limit - used, round(100 * used / limit, 1), used < limit)
    return PhoneNumber(
        id=ref.id,
        phone_number_id=f"10987654321{ref.id:04d}",
        display_phone_number=ref.display_phone_number,
        verified_name=ref.verified_name,
        is_primary=primary,
        messaging_limit_tier=tier,
        quota=quota,
    )


def build_messages(
    send: BulkSend, template: DemoTemplate | None, rng: Random, *, now: datetime
) -> tuple[Message, ...]:
    """One message per processed recipient, consistent with the send's counts."""
    outcomes = (
        ["read"] * send.read_count
        + ["delivered"] * (send.delivered_count - send.read_count)
        + ["sent"] * (send.sent_count - send.delivered_count)
        + ["failed"] * send.failed_count
    )
    rng.shuffle(outcomes)
    language = send.template.language
    step = ((send.completed_at or now) - send.created_at) / (len(outcomes) + 1)
    first_id = zlib.crc32(send.id.encode()) * 10_000
    errors, weights = list(META_ERRORS), list(META_ERRORS.values())
    messages = []
    for index, outcome in enumerate(outcomes):
        sent_at: datetime | None = (send.created_at + step * (index + 1)).replace(microsecond=0)
        error = rng.choices(errors, weights)[0] if outcome == "failed" else None
        if error is not None and error.startswith(_REJECTED_BEFORE_SENDING):
            sent_at = None
        delivered_at = read_at = None
        if sent_at is not None and outcome in ("delivered", "read"):
            delivered_at = min(sent_at + timedelta(seconds=rng.randint(1, 30)), now)
        if delivered_at is not None and outcome == "read":
            read_at = min(delivered_at + timedelta(minutes=rng.randint(1, 360)), now)
        messages.append(
            Message(
                id=first_id + index,
                recipient_phone=_recipient_phone(rng, language),
                status=outcome,
                meta_message_id=_wamid(rng) if sent_at is not None else None,
                variables_used=_variables(rng, template, send.created_at),
                sent_at=sent_at,
                delivered_at=delivered_at,
                read_at=read_at,
                error_message=error,
            )
        )
    return tuple(messages)


def _recipient_phone(rng: Random, language: str) -> str:
    digits = rng.randrange(10**8)
    if language == "pt":
        return f"+55 11 9{digits // 10**4:04d}-{digits % 10**4:04d}"
    if language == "en":
        return f"+1 212-555-{digits % 10**4:04d}"
    return f"+54 9 11 {digits // 10**4:04d}-{digits % 10**4:04d}"


def _wamid(rng: Random) -> str:
    return "wamid.HBgM" + "".join(rng.choices(_WAMID_ALPHABET, k=40))


def _variables(rng: Random, template: DemoTemplate | None, created: datetime) -> dict[str, str]:
    if template is None:
        return {}
    return {
        name: _sample(rng, kind, template.ref.language, created)
        for name, kind in template.variables
    }


def _sample(rng: Random, kind: str, language: str, created: datetime) -> str:
    match kind:
        case "first_name":
            return rng.choice(_FIRST_NAMES.get(language, _FIRST_NAMES["en"]))
        case "order":
            return f"#{rng.randint(10_000, 99_999)}"
        case "coupon":
            return f"BF25-{rng.randint(100, 999)}"
        case "product":
            return rng.choice(_PRODUCTS)
        case "date":
            return (created + timedelta(days=rng.randint(1, 10))).strftime("%d/%m")
        case "time":
            return f"{rng.randint(9, 18)}:{rng.choice(('00', '15', '30', '45'))}"
        case _:
            return f"$ {rng.randint(5, 250) * 1_000:,}".replace(",", ".")
