"""packaging/shrink_icu.py: which ICU data items stay, and the package rewritten intact."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

PATH = Path(__file__).resolve().parents[2] / "packaging" / "shrink_icu.py"
spec = importlib.util.spec_from_file_location("shrink_icu", PATH)
assert spec is not None and spec.loader is not None
shrink_icu = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shrink_icu)


def test_chinese_english_and_shared_data_stay_the_rest_goes() -> None:
    keep = shrink_icu.keep
    for name in (
        "root.res",
        "zh.res",
        "zh_Hans_CN.res",
        "en_GB.res",
        "pool.res",
        "res_index.res",
        "coll/zh.res",
        "zone/root.res",
        "brkitr/word.brk",
        "nfkc.nrm",
        "supplementalData.res",
        "gb18030.cnv",
        "windows-936-2000.cnv",
        "cnvalias.icu",
        "rbnf/yue.res",
    ):
        assert keep(f"icudt73l/{name}"), name
    for name in (
        "fr.res",
        "de_.res",
        "ja_JP.res",
        "coll/de.res",
        "curr/es.res",
        "translit/root.res",
        "ibm-37_P100-1995.cnv",
        "euc-jp-2007.cnv",
        "brkitr/cjdict.dict",
        "brkitr/thaidict.dict",
    ):
        assert not keep(f"icudt73l/{name}"), name


def _package(items: list[tuple[str, bytes]]) -> bytes:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + b"\x14\x00\x00\x00\x00\x00\x02\x00CmnD"
    header += b"\x01\x00\x00\x00" * 3 + b"\0" * 4
    return shrink_icu.write_package(header, items)


def test_a_package_reads_back_as_written_and_aligned() -> None:
    items = [
        ("icudt73l/a.res", b"alpha"),
        ("icudt73l/coll/zh.res", b"x" * 33),
        ("icudt73l/zh.res", b"zh"),
    ]
    data = _package(items)
    header, back = shrink_icu.read_package(data)
    assert len(header) == 32
    # Each item is 16-byte aligned; what follows it up to the next is padding.
    assert [(name, blob.rstrip(b"\0")) for name, blob in back] == items
    toc = len(header)
    count = struct.unpack_from("<I", data, toc)[0]
    offsets = [struct.unpack_from("<II", data, toc + 4 + 8 * i)[1] for i in range(count)]
    assert count == 3 and all((toc + o) % 16 == 0 for o in offsets)
    assert shrink_icu.write_package(header, back) == data
