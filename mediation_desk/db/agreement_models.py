"""Tables of agreements, signatures, generated documents and judicial confirmation."""

from __future__ import annotations
