"""Fixtures for the typology tests: the shared data sets (read-only) and a synthetic Vietnamese corpus."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from jointdesk.typology.corpus import LabelledRow

_DEFAULT = Path(__file__).resolve().parents[4] / "shared" / "datasets"


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    """The shared ``datasets`` folder; tests needing it skip when it is absent."""
    path = Path(os.environ.get("JOINTDESK_DATASETS", str(_DEFAULT)))
    if not (path / "telecom-fraud-5" / "SOURCE.md").is_file():
        pytest.skip(f"shared data sets not found at {path}")
    return path


_PEOPLE = ["anh Minh", "chị Lan", "mẹ", "bố", "Hùng", "Thảo", "em Vy", "cô Hoa"]
_PLACES = ["quán cà phê", "công ty", "trường", "chợ Bến Thành", "nhà bà ngoại", "bệnh viện"]
_TIMES = ["tối nay", "sáng mai", "chiều thứ bảy", "lúc 7 giờ", "cuối tuần", "trưa nay"]
_SHOPS = ["Điện máy Xanh", "Shopee", "Lazada", "Thế Giới Di Động", "Highlands", "Vinmart"]
_ITEMS = ["điện thoại", "tủ lạnh", "áo khoác", "máy giặt", "cà phê sữa", "laptop"]
_AGENCIES = ["Công an quận 1", "Viện kiểm sát", "Tòa án nhân dân", "Cục Cảnh sát", "Bộ Công an"]
_CRIMES = ["rửa tiền", "buôn lậu", "lừa đảo", "đường dây ma túy", "trốn thuế"]

_TEMPLATES = {
    "NOT_FRAUD": [
        "{p} ơi, {t} mình gặp nhau ở {pl} nhé",
        "Con về đến {pl} rồi, {t} con gọi lại cho {p}",
        "{p} nhớ mang {i} qua {pl} {t} giúp em nha",
        "Cảm ơn {p} nhiều, hẹn gặp {t} tại {pl}",
        "Họp ở {pl} dời sang {t}, mọi người báo {p} giúp",
    ],
    "SPAM_PROMO": [
        "{s} khuyến mãi giảm {n}% {i} {t}, mua ngay tại cửa hàng gần nhất",
        "Ưu đãi {t}: mua {i} tại {s} tặng voucher {n}0.000đ. Soạn TC gửi 9{n}9 để từ chối",
        "{s} sale lớn, {i} chỉ từ {n}9.000đ, số lượng có hạn {t}",
        "Thành viên {s} nhận ngay {n}% hoàn tiền khi mua {i} {t}",
    ],
    "IMP.GOV": [
        "{a} thông báo: tài khoản của bạn liên quan vụ {c}, chuyển tiền vào tài khoản an toàn {t} để điều tra",
        "Đây là {a}. Bạn bị triệu tập vì {c}, không được nói với ai, nộp tiền bảo lãnh {n}0 triệu {t}",
        "{a} yêu cầu bạn cài ứng dụng để xác minh vụ {c}, nếu không sẽ bị bắt {t}",
        "Lệnh bắt giữ từ {a} vì {c}. Gọi ngay 09{n}{n}{n}7788 và chuyển tiền để được miễn truy tố",
    ],
}


def _message(rng: random.Random, template: str) -> str:
    return template.format(
        p=rng.choice(_PEOPLE), pl=rng.choice(_PLACES), t=rng.choice(_TIMES), s=rng.choice(_SHOPS),
        i=rng.choice(_ITEMS), a=rng.choice(_AGENCIES), c=rng.choice(_CRIMES), n=rng.randint(1, 9),
    )  # fmt: skip


def vietnamese_rows(per_class: int = 100, seed: int = 7) -> list[LabelledRow]:
    """Synthetic Vietnamese messages in three canonical classes (a language the starter model never saw)."""
    rng = random.Random(seed)
    rows: list[LabelledRow] = []
    for label, templates in _TEMPLATES.items():
        seen: set[str] = set()
        while len(seen) < per_class:
            seen.add(_message(rng, rng.choice(templates)))
        rows.extend(LabelledRow(text, label) for text in sorted(seen))
    rng.shuffle(rows)
    return rows


@pytest.fixture(scope="session")
def vietnamese() -> list[LabelledRow]:
    return vietnamese_rows()
