"""Our agreement PDF against LibreOffice converting the same agreement's DOCX (what a centre
does without us), warm and cold; ``ratio`` is LibreOffice's median over ours.

    python bench/run.py pdf_vs_libreoffice

- ``pdf_vs_libreoffice_warm``: ours rendered in-process (document built, fonts registered, one
  warm-up rendering) against a running LibreOffice (``soffice --headless --accept=…``, driven
  through UNO by the system Python with ``python3-uno``; one warm-up conversion, then each
  conversion timed inside that process: load the DOCX, export the PDF, close).
- ``pdf_vs_libreoffice_cold``: a new process of ours (``python -c``: import, find and register
  the fonts, render, write the file) against a new ``soffice --headless --convert-to pdf``
  process (its profile made beforehand), both timed from outside, start to exit. The
  ``mediation-desk documents`` command on the same case (database opened, document built from
  it, files written and recorded) is reported beside it as ``cli_median_ms``.

Without ``soffice`` each line says ``"libreoffice": "absent"`` instead of a ratio; without a
Python that can ``import uno`` the warm line says so. LibreOffice is not installed by CI:
``apt-get install --no-install-recommends libreoffice-writer-nogui python3-uno fonts-noto-cjk``.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, emit, time_ms

from mediation_desk.documents.model import Document
from mediation_desk.domain.document_kinds import DocumentKind

WARM_RUNS = 20
COLD_RUNS = 5
LO_TIMEOUT_S = 180

_OURS_COLD = """
import pickle, sys
sys.path.insert(0, {root!r})
doc = pickle.load(open({doc!r}, "rb"))
from mediation_desk.documents.pdf_render import render_pdf, resolve_fonts
open({out!r}, "wb").write(render_pdf(doc, resolve_fonts()))
"""

#: Run by a Python with ``uno``: connect to the listener, convert once to warm it, then time
#: ``runs`` conversions; prints the times (ms) as JSON.
_UNO_CONVERT = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

port, docx, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + 90
while True:
    try:
        ctx = resolver.resolve(
            f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
src, dst = uno.systemPathToFileUrl(docx), uno.systemPathToFileUrl(out)

def convert():
    doc = desktop.loadComponentFromURL(src, "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(dst, (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)

convert()  # warm-up: filters, fonts, layout code loaded
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    convert()
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps(times))
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python that can ``import uno`` (Debian's python3 with python3-uno)."""
    for exe in (shutil.which("python3"), "/usr/bin/python3", "/usr/lib/libreoffice/program/python"):
        if exe and Path(exe).exists():
            ok = subprocess.run(
                [exe, "-c", "import uno"], capture_output=True, timeout=30, check=False
            )
            if ok.returncode == 0:
                return exe
    return None


def _agreement(tmp: Path) -> tuple[Document, Path, Path, str]:
    """The agreement of a signed two-party case with a four-clause agreement (built through the
    services), its DOCX, the data folder holding the case, and the case number."""
    from mediation_desk.documents.docx_render import render_docx
    from mediation_desk.services.cases import get_case
    from mediation_desk.services.documents import build_document
    from tests.conftest import open_database, seed_centre
    from tests.desk import run as call
    from tests.documents.sample import full_case

    data = tmp / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / 'mediation.db'}")
    case_id = full_case(db, seed_centre(db))
    doc = call(db, build_document, case_id, DocumentKind.AGREEMENT)
    number = call(db, get_case, case_id).number
    db.dispose()
    docx = tmp / "agreement.docx"
    docx.write_bytes(render_docx(doc))
    return doc, docx, data, number


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_listener(exe: str, profile: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped with everything it started
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def libreoffice_warm(docx: Path, tmp: Path) -> dict[str, object]:
    exe = soffice()
    if exe is None:
        return {"libreoffice": "absent"}
    python = uno_python()
    if python is None:
        return {"libreoffice": "present, but no Python with uno (apt-get install python3-uno)"}
    port = _free_port()
    listener = _start_listener(exe, tmp / "lo-warm-profile", port)
    try:
        script = tmp / "uno_convert.py"
        script.write_text(_UNO_CONVERT, encoding="utf-8")
        done = subprocess.run(
            [python, str(script), str(port), str(docx), str(tmp / "lo-warm.pdf"), str(WARM_RUNS)],
            capture_output=True,
            text=True,
            timeout=LO_TIMEOUT_S + WARM_RUNS * 30,
            check=False,
        )
    finally:
        _stop(listener)
    if done.returncode != 0:
        return {"libreoffice": "conversion failed", "detail": done.stderr.strip()[-300:]}
    times = json.loads(done.stdout.strip().splitlines()[-1])
    return _lo_record(times, "soffice --headless --accept (UNO)")


def libreoffice_cold(docx: Path, tmp: Path) -> dict[str, object]:
    exe = soffice()
    if exe is None:
        return {"libreoffice": "absent"}
    profile = tmp / "lo-cold-profile"
    times, first = [], 0.0
    for i in range(COLD_RUNS + 1):
        out = tmp / f"lo-cold-{i}"
        t0 = time.perf_counter()
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx),
            ],
            capture_output=True,
            timeout=LO_TIMEOUT_S,
            check=True,
        )
        ms = (time.perf_counter() - t0) * 1000
        if not (out / (docx.stem + ".pdf")).exists():
            return {"libreoffice": "conversion produced no file"}
        if i == 0:
            first = ms  # makes the profile: not counted
        else:
            times.append(ms)
    record = _lo_record(times, "soffice --headless --convert-to pdf")
    record["libreoffice_first_run_ms"] = round(first, 1)
    return record


def _lo_record(times: list[float], how: str) -> dict[str, object]:
    return {
        "libreoffice_median_ms": round(statistics.median(times), 1),
        "libreoffice_runs": len(times),
        "libreoffice_min_ms": round(min(times), 1),
        "libreoffice_how": how,
    }


def _with_ratio(ours_ms: float, lo: dict[str, object]) -> dict[str, object]:
    if "libreoffice_median_ms" in lo:
        lo["ratio"] = round(float(lo["libreoffice_median_ms"]) / ours_ms, 1)  # type: ignore[arg-type]
    return lo


def _process_ms(command: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=120)
    return (time.perf_counter() - t0) * 1000


def _rl_accel() -> bool:
    """Whether reportlab runs with its C accelerator (the ``rl_accel`` package)."""
    from reportlab.lib import rl_accel

    return bool(rl_accel._c_funcs)  # type: ignore[attr-defined]


def run() -> None:
    from mediation_desk.documents.pdf_render import render_pdf, resolve_fonts

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        doc, docx, data, number = _agreement(tmp)

        # warm: ours in-process against a running LibreOffice
        fonts = resolve_fonts()
        pdf = render_pdf(doc, fonts)
        warm = [time_ms(lambda: render_pdf(doc, fonts)) for _ in range(WARM_RUNS)]
        lo = _with_ratio(statistics.median(warm), libreoffice_warm(docx, tmp))
        emit(
            "pdf_vs_libreoffice_warm",
            warm,
            pdf_bytes=len(pdf),
            docx_bytes=docx.stat().st_size,
            font=fonts.body.label,
            rl_accel=_rl_accel(),
            **lo,
        )

        # cold: a new process of ours against a new soffice process
        pickled = tmp / "doc.pickle"
        pickled.write_bytes(pickle.dumps(doc))
        path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
        ours_cmd = [
            sys.executable,
            "-c",
            _OURS_COLD.format(root=str(ROOT), doc=str(pickled), out=str(tmp / "ours.pdf")),
        ]
        _process_ms(ours_cmd, env)  # the first run compiles nothing new but fills the OS cache
        cold = [_process_ms(ours_cmd, env) for _ in range(COLD_RUNS)]
        cli_cmd = [
            sys.executable,
            "-m",
            "mediation_desk",
            "documents",
            "--data-dir",
            str(data),
            "--case",
            number,
            "--kind",
            "agreement",
            "--out",
            str(tmp / "cli-out"),
        ]
        cli = [_process_ms(cli_cmd, env) for _ in range(COLD_RUNS)]
        lo = _with_ratio(statistics.median(cold), libreoffice_cold(docx, tmp))
        if "libreoffice_median_ms" in lo:
            ratio_cli = float(lo["libreoffice_median_ms"]) / statistics.median(cli)  # type: ignore[arg-type]
            lo["ratio_cli"] = round(ratio_cli, 1)
        emit(
            "pdf_vs_libreoffice_cold",
            cold,
            how="python -c: import, fonts, render, write the PDF",
            cli_median_ms=round(statistics.median(cli), 1),
            cli_how="python -m mediation_desk documents --kind agreement (opens the database, "
            "builds, renders, records)",
            rl_accel=_rl_accel(),
            **lo,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    run()
