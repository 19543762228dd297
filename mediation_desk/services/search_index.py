"""Keeping the stored search tokens in step with how names are indexed.

Tokens are derived from the names with ``indexing.normalize_text``; when that key changes
(``indexing.INDEX_VERSION``), a database written before still holds the old tokens, and a name
typed in full width, with spaces or in capitals could not be found. At start-up
:func:`rebuild_outdated_tokens` re-indexes the cases that need it, once: the version that built
the tokens is stored as a marker row of the token table itself (case id 0, no case has it), so a
usual start-up costs one primary-key lookup and no schema change is needed.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..db.models import Agent, Party, SearchToken
from ..db.unit_of_work import UnitOfWork
from .indexing import INDEX_VERSION, name_tokens, normalize_text

#: The marker's case id: not a case, never joined to one (search joins the case table).
MARKER_CASE_ID = 0
_BATCH = 500


def version_marker(version: int = INDEX_VERSION) -> str:
    return f"v:{version}"


def tokens_are_current(s: Session) -> bool:
    """Whether the stored tokens were built by this version of the index (one lookup)."""
    marker = select(SearchToken.case_id).where(
        SearchToken.token == version_marker(), SearchToken.case_id == MARKER_CASE_ID
    )
    return s.scalar(marker) is not None


def rebuild_outdated_tokens(uow: UnitOfWork) -> int:
    """Re-index the cases whose tokens an older index built differently; returns how many.

    A case needs it only when one of its names is not already its own search key (full-width
    letters, spaces, capitals, other scripts' digits, invisible characters): for every other
    name each version gave the same tokens. Nothing is written when the marker is current.
    """
    uow.as_system()  # system work: no account asked for it
    if tokens_are_current(uow.read()):
        return 0
    s = uow.write()
    names = _names_by_case(s)
    outdated = sorted(
        case_id
        for case_id, case_names in names.items()
        if any(normalize_text(n) != n for n in case_names)
    )
    for start in range(0, len(outdated), _BATCH):
        batch = outdated[start : start + _BATCH]
        s.execute(delete(SearchToken).where(SearchToken.case_id.in_(batch)))
        rows = [
            {"token": t, "case_id": case_id}
            for case_id in batch
            for t in name_tokens(names[case_id])
        ]
        if rows:
            s.execute(insert(SearchToken), rows)
    s.execute(delete(SearchToken).where(SearchToken.case_id == MARKER_CASE_ID))
    s.add(SearchToken(token=version_marker(), case_id=MARKER_CASE_ID))
    s.flush()
    return len(outdated)


def _names_by_case(s: Session) -> dict[int, list[str]]:
    """Every party's and agent's name, by case (two narrow reads)."""
    names: dict[int, list[str]] = {}
    rows = s.execute(select(Party.case_id, Party.name).union_all(select(Agent.case_id, Agent.name)))
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return names
