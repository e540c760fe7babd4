"""network labels from their birth number

Random 32-bit labels collided (about even odds by 77,000 networks) and broke imports on the unique
constraint; labels are now a bijection of the unique ``seq`` (``intel.networks.label_for``). Existing
networks are relabelled the same way, in two passes so no intermediate value collides.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 17:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_network = sa.table("intel_network", sa.column("id", sa.Uuid()), sa.column("seq"), sa.column("label"))


def _label(seq: int) -> str:
    # Frozen copy of intel.networks.label_for at this revision.
    high, low = divmod(seq, 1 << 32)
    mixed = ((low * 0x9E3779B1) & 0xFFFFFFFF) ^ 0x5A5A5A5A
    return f"FN-{high:X}{mixed:08X}" if high else f"FN-{mixed:08X}"


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_network.c.id, _network.c.seq)).all()
    update = sa.update(_network).where(_network.c.id == sa.bindparam("network_id"))
    for labels in ((lambda seq: f"tmp-{seq}"), _label):
        params = [{"network_id": row.id, "label": labels(row.seq)} for row in rows]
        if params:
            bind.execute(update.values(label=sa.bindparam("label")), params)


def downgrade() -> None:
    # The random labels are gone; the derived ones are as valid under the old code.
    pass
