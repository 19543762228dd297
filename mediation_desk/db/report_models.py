"""What the statistics count that no other table holds: the centre's villages and communities.

``Place`` is the configured list of where disputes arise (``mediation_case.place_code``), keyed
by the 12-digit statistical division code (统计用区划代码) so reports and the national exchange
record can use the code as is. Rows are deactivated, never deleted: cases point at them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, text, true
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.report_fields import PlaceKind
from .base import Base, enum_type


class Place(Base):
    """A village (村) or community (社区) of the centre's area."""

    __tablename__ = "place"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[PlaceKind] = mapped_column(enum_type(PlaceKind, 16))
    #: the 乡镇 or 街道 it belongs to (by name)
    township: Mapped[str] = mapped_column(String(60), default="", server_default=text("''"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
