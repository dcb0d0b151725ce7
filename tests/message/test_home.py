import json
from datetime import timedelta

from slack_sdk.models.blocks import Block, SectionBlock

from bot.domain.sends import Status
from bot.message import build_error_message
from bot.message.home import MAX_HOME_BLOCKS, build_home_error_view, build_home_view
from bot.mindo.errors import MindoErrorKind
from bot.report import Totals
from bot.service.home import HomeOverview
from tests.factories import BUENOS_AIRES, WEDNESDAY_LUNCHTIME, make_send
from tests.fakes.slack_api import block_problems


def overview(**changes: object) -> HomeOverview:
    base = {
        "today": Totals(2, 300, 290, 280, 200, 10, 0),
        "week": Totals(9, 1200, 1150, 1100, 800, 50, 0),
        "running": (),
        "timezone": BUENOS_AIRES,
        "updated_at": WEDNESDAY_LUNCHTIME,
    }
    base.update(changes)
    return HomeOverview(**base)  # type: ignore[arg-type]


def rendered(view_blocks: list[dict[str, object]]) -> str:
    return json.dumps(view_blocks, ensure_ascii=False)


def test_home_shows_numbers_running_sends_and_how_to_ask() -> None:
    running = (
        make_send(1, status=Status.PROCESSING, template="black_friday", progress=52.0, pending=70),
        make_send(2, status=Status.QUEUED, template="welcome_message", progress=0.0),
    )
    view = build_home_view(overview(running=running), language="en", demo=False).to_dict()
    text = rendered(view["blocks"])
    assert view["type"] == "home"
    assert "Today" in text and "This week" in text
    assert "1,200" in text and "95.7%" in text  # week recipients; delivery rate 1100/1150
    assert "black_friday" in text and "▓▓▓▓▓░░░░░ 52%" in text
    assert "/bulksends failed last week" in text  # the examples
    assert "<!date^" in text  # updated, in each viewer's own time
    assert "Demo data" not in text
    assert block_problems(view["blocks"], MAX_HOME_BLOCKS, budget=None) == []


def test_home_speaks_the_users_language_and_flags_demo_data() -> None:
    view = build_home_view(overview(), language="es", demo=True).to_dict()
    text = rendered(view["blocks"])
    assert "Hoy" in text and "Esta semana" in text and "No se está enviando nada" in text
    assert "Datos de demostración" in text
    assert "/bulksends fallidos la semana pasada" in text


def test_untrusted_names_cannot_mention_or_format() -> None:
    running = (
        make_send(1, status=Status.PROCESSING, sender="<!channel> *Promo*", template="x_<@U1>"),
    )
    text = rendered(
        build_home_view(overview(running=running), language="en", demo=False).to_dict()["blocks"]
    )
    assert "<!channel>" not in text and "<@U1>" not in text
    assert "&lt;!channel&gt;" in text
    assert "*Promo*" not in text


def test_many_running_sends_are_summed_up_after_ten() -> None:
    running = tuple(make_send(i, status=Status.PROCESSING, progress=10.0) for i in range(25))
    text = rendered(
        build_home_view(overview(running=running), language="en", demo=False).to_dict()["blocks"]
    )
    assert text.count("▓░░░░░░░░░ 10%") == 10
    assert "+15 more sending now" in text


def test_other_features_add_blocks_but_never_past_the_tabs_limit() -> None:
    extra: list[Block] = [SectionBlock(text=f"digest {n}") for n in range(300)]
    running = tuple(make_send(i, status=Status.PROCESSING) for i in range(25))
    view = build_home_view(overview(running=running), language="pt", demo=True, extra_blocks=extra)
    blocks = view.to_dict()["blocks"]
    assert len(blocks) == MAX_HOME_BLOCKS
    assert "digest 0" in rendered(blocks)
    assert "Atualizado" in rendered(blocks[-1:])  # the footer is kept
    few = build_home_view(overview(), language="en", demo=False, extra_blocks=extra[:2]).to_dict()
    assert "digest 1" in rendered(few["blocks"])


def test_the_error_view_explains_in_words() -> None:
    view = build_home_error_view(build_error_message(MindoErrorKind.UNAVAILABLE, "pt")).to_dict()
    assert view["type"] == "home"
    assert "A Mindo não está respondendo agora" in rendered(view["blocks"])


def test_updated_time_is_in_the_viewers_zone_with_a_fallback() -> None:
    later = WEDNESDAY_LUNCHTIME + timedelta(hours=3)
    text = rendered(
        build_home_view(overview(updated_at=later), language="en", demo=False).to_dict()["blocks"]
    )
    assert f"<!date^{int(later.timestamp())}^" in text
    assert BUENOS_AIRES in text
