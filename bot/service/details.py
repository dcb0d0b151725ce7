"""One bulk send up close: its record, who and when, and why its messages failed."""

from __future__ import annotations

from dataclasses import dataclass

from bot.mindo.client import MindoClient
from bot.mindo.models import BulkSendDetail
from bot.report import REASON_SAMPLE, FailureReason, count_failure_reasons


@dataclass(frozen=True)
class SendDetails:
    detail: BulkSendDetail
    reasons: tuple[FailureReason, ...]
    #: The reasons were counted from only the first ``sample`` failed messages (None: all).
    sample: int | None


async def read_details(client: MindoClient, send_id: str) -> SendDetails:
    """The send and its failure reasons, counted from its first ``REASON_SAMPLE`` failed
    messages at most: a send with tens of thousands would take hundreds of page reads."""
    detail = await client.get_bulk_send(send_id)
    failed = detail.send.failed_count
    messages = (
        await client.list_messages(send_id, status="failed", limit=REASON_SAMPLE) if failed else ()
    )
    reasons = count_failure_reasons(messages)
    # Counted from fewer than all of them: only the first were read, more failed since,
    # or a Mindo ignoring the status filter mixed other messages in.
    counted = sum(reason.count for reason in reasons)
    return SendDetails(
        detail=detail,
        reasons=reasons,
        sample=counted if counted < failed else None,
    )
