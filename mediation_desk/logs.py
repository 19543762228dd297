"""The app's own log: rotating files in the data folder, readable by the user only, with ID
numbers and phones masked in every line (a traceback may quote a value)."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from .domain.masking import mask_numbers_in_text

LOG_FILE = "mediation-desk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class PersonalDataFilter(logging.Filter):
    """Masks ID numbers and phones in the message and in any traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_numbers_in_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers_in_text(record.exc_text)
        return True


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Creates each file (and each rotated one) readable and writable by its owner only."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)  # an older file made with looser rights
        return io.TextIOWrapper(io.FileIO(fd, "a"), encoding=self.encoding or "utf-8")


def configure_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``folder/logs/mediation-desk.log`` (5 files of 1 MB); returns the file's path.

    SQLAlchemy's engine and pool loggers stay at WARNING whatever the level: at INFO and DEBUG
    they would write every statement's parameters and every row (names, ID numbers).
    """
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    os.chmod(logs, 0o700)
    path = logs / LOG_FILE
    handler = _PrivateRotatingFile(path, maxBytes=1_000_000, backupCount=4, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _PrivateRotatingFile)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return path
