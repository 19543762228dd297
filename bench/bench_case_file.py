"""The case file (卷宗): importing a 10 MB photo (target ≤ 300 ms), the merged PDF of 40 pages
with 10 scanned images (≤ 2 s, memory growth ≤ 150 MB), the completeness check (≤ 30 ms).

A fresh centre with one closed case whose file is complete (documents generated, scans
attached); each sample in its own unit of work, as the 卷宗 tab runs it.

    python bench/run.py case_file
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import tempfile
import tracemalloc
from pathlib import Path

from common import emit, time_ms

from tests.desk import run as call

RUNS = 15


def _scan(path: Path, seed: int) -> Path:
    """A page scanned at 150 dpi: paper grey with noise (a real scan's size on disk)."""
    from PIL import Image

    w, h = 1240, 1754
    noise = Image.frombytes("L", (w, h), os.urandom(w * h)).point(lambda v: 200 + v // 5)
    noise.convert("RGB").save(path, "JPEG", quality=80)
    return path


def _photo_10mb(path: Path) -> Path:
    """A 10 MB phone photo: noise, so JPEG cannot shrink it."""
    from PIL import Image

    w, h = 3264, 2448  # 8 megapixels
    Image.frombytes("RGB", (w, h), os.urandom(w * h * 3)).save(path, "JPEG", quality=97)
    return path


def run() -> None:
    from mediation_desk.domain.case_file import FileSlot
    from mediation_desk.services import case_file as cf
    from tests import case_file_samples as samples
    from tests.conftest import open_database, seed_centre
    from tests.core.test_case_file import closed_case, complete_file

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = open_database(f"sqlite:///{tmp / 'bench.db'}")
        centre = seed_centre(db)
        case_id = closed_case(db, centre)
        data_dir = complete_file(db, centre, case_id, tmp)
        src = tmp / "src"

        def attach(path: Path, slot: FileSlot, title: str) -> object:
            return call(
                db,
                cf.import_attachment,
                case_id=case_id,
                path=path,
                slot=slot,
                title=title,
                data_dir=data_dir,
                allow_duplicate=True,
                actor=centre.actor,
            )

        # 10 MB photo import (into a second case, so the first stays at 40 pages)
        other = closed_case(db, centre)
        photos = [_photo_10mb(src / f"photo{i}.jpg") for i in range(RUNS)]
        size_mb = photos[0].stat().st_size / 1024 / 1024
        samples_ms = [
            time_ms(
                lambda p=p: call(
                    db,
                    cf.import_attachment,
                    case_id=other,
                    path=p,
                    slot=FileSlot.EVIDENCE,
                    title="现场照片",
                    data_dir=data_dir,
                    actor=centre.actor,
                )
            )
            for p in photos
        ]
        emit("attachment_import", samples_ms, target_ms=300, photo_mb=round(size_mb, 1))

        # the whole file: 40 pages, 10 of them scanned images
        for i in range(10):
            attach(_scan(src / f"scan{i}.jpg", i), FileSlot.EVIDENCE, f"证据扫描件{i + 1}")
        attach(samples.pdf_file(src / "ev12.pdf", 12), FileSlot.EVIDENCE, "银行流水")
        contents = call(db, cf.case_file_contents, case_id=case_id, data_dir=data_dir)
        extra = 40 - contents.page_count
        if extra > 0:
            attach(samples.pdf_file(src / "ev-more.pdf", extra), FileSlot.EVIDENCE, "鉴定意见")
        contents = call(db, cf.case_file_contents, case_id=case_id, data_dir=data_dir)
        assert contents.page_count == 40, contents.page_count

        def merged() -> Path:
            return call(
                db, cf.case_file_pdf, case_id=case_id, data_dir=data_dir, actor=centre.actor
            )

        merged()  # fonts parsed and cached once, as in a running app
        pdf_ms = [time_ms(merged) for _ in range(7)]
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        merged()
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        emit(
            "case_file_pdf",
            pdf_ms,
            target_ms=2000,
            pages=40,
            images=10,
            peak_python_mb=round(peak / 1024 / 1024, 1),
            rss_growth_mb=round(
                (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
            ),
            target_mb=150,
        )

        check_ms = [time_ms(lambda: call(db, cf.completeness, case_id=case_id)) for _ in range(50)]
        emit("completeness_check", check_ms, target_ms=30, on=dt.date.today().isoformat())
        db.dispose()
