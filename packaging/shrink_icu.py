"""Rebuild Qt's ICU data library (``libicudata.so.NN``, 32 MB) with only what the app can use.

PySide6's Qt Core links ICU, and ICU's data library carries every locale's names, units,
currencies, collations and time-zone names, 190 legacy converters and 80 transliterators:
most of the bundle's weight after Qt itself. The app is Chinese (with English as ICU's own
fallback) and lets Qt use ICU only for what Qt needs it for (QCollator, QStringConverter's
legacy codecs, IDNA, time-zone names). So this keeps:

- every item that is not one locale's data (normalization, break rules, supplemental data,
  time-zone rules, character names, IDNA profiles…);
- the locale data of ``root``, ``en*`` and ``zh*`` in every tree (and each tree's index);
- the Chinese and Western converters: GB 18030, GBK (windows-936, ibm-1386), Big5
  (windows-950) and windows-1252.

and drops the rest: other locales, the other converters, transliteration rules, and the word
dictionaries of the break iterators (Chinese/Japanese, Thai, Lao, Khmer, Burmese: 3 MB), which
Qt never asks for (it segments text with its own Unicode tables). ICU falls back to ``root``
for a locale it lacks, and breaks without a dictionary where one is missing, so nothing fails;
text in those languages is not this app's case.

The new library exports the same symbol (``icudtNN_dat``) under the same soname, assembled and
linked with binutils' ``as`` and ``ld`` (PyInstaller needs binutils anyway). Linux only.

    python packaging/shrink_icu.py <bundle>/_internal/PySide6/Qt/lib/libicudata.so.73

The data package format is ICU's "common data" (``ucmndata.h``): a header, a table of
contents (count, then name and data offsets relative to the table, sorted by name: ICU
searches it by bisection), the names, then the items, each 16-byte aligned.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# yue: zh_Hant_HK's number spell-out rules inherit from it.
KEEP_LOCALES = re.compile(r"(root|en|zh|yue)(_\w*)?\.res|res_index\.res|pool\.res")
LOCALE_ITEM = re.compile(r"[a-z]{2,3}(_\w*)?\.res")
KEEP_CONVERTERS = {
    "gb18030.cnv",
    "windows-936-2000.cnv",
    "ibm-1386_P100-2001.cnv",
    "windows-950-2000.cnv",
    "ibm-1373_P100-2002.cnv",  # windows-950 builds on it
    "ibm-5348_P100-1997.cnv",
}


def keep(name: str) -> bool:
    """Whether the item ``icudtNNl/<tree>/<file>`` stays."""
    parts = name.split("/")[1:]
    file = parts[-1]
    if parts[0] == "translit":
        return False
    if file.endswith(".cnv"):
        return file in KEEP_CONVERTERS
    if file.endswith(".dict"):
        return False
    if LOCALE_ITEM.fullmatch(file):
        return bool(KEEP_LOCALES.fullmatch(file))
    return True


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise SystemExit("shrink_icu: not an ICU common data package")
    toc = header_size
    count = struct.unpack_from("<I", data, toc)[0]
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        end_of_name = data.index(b"\0", toc + name_at)
        name = data[toc + name_at : end_of_name].decode("ascii")
        end = toc + entries[i + 1][1] if i + 1 < count else len(data)
        items.append((name, data[toc + data_at : end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    names = b""
    name_offsets = []
    table = 4 + 8 * len(items)
    for name, _ in items:
        name_offsets.append(table + len(names))
        names += name.encode("ascii") + b"\0"
    body_at = table + len(names)
    body_at += -body_at % 16
    body = b""
    data_offsets = []
    for _, blob in items:
        data_offsets.append(body_at + len(body))
        body += blob + b"\0" * (-len(blob) % 16)
    toc = struct.pack("<I", len(items))
    pairs = zip(name_offsets, data_offsets, strict=True)
    toc += b"".join(struct.pack("<II", n, d) for n, d in pairs)
    toc += names
    toc += b"\0" * (body_at - len(toc))
    return header + toc + body


def extract(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and bytes, found with binutils' nm and readelf."""
    symbols = subprocess.run(["nm", "-D", "-S", str(library)], capture_output=True, text=True)
    for line in symbols.stdout.splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            address, size, symbol = int(fields[0], 16), int(fields[1], 16), fields[3]
            break
    else:
        raise SystemExit(f"shrink_icu: no icudtNN_dat symbol in {library}")
    sections = subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True)
    for line in sections.stdout.splitlines():
        m = re.search(r"\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            start, offset, length = (int(g, 16) for g in m.groups())
            if start <= address < start + length:
                with library.open("rb") as f:
                    f.seek(address - start + offset)
                    return symbol, f.read(size)
    raise SystemExit(f"shrink_icu: {symbol} lies in no section of {library}")


def build_library(symbol: str, package: bytes, soname: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "icudt.dat"
        dat.write_bytes(package)
        asm = Path(tmp) / "icudt.s"
        asm.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'\t.balign 16\n{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        obj = Path(tmp) / "icudt.o"
        subprocess.run(["as", "-o", str(obj), str(asm)], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-z", "noexecstack", "-o", str(out), str(obj)],
            check=True,
        )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    library = Path(argv[0])
    symbol, data = extract(library)
    header, items = read_package(data)
    kept = [(name, blob) for name, blob in items if keep(name)]
    package = write_package(header, kept)
    new = library.with_name(library.name + ".new")
    build_library(symbol, package, library.name, new)
    before = library.stat().st_size
    new.replace(library)
    print(
        f"{library.name}: {len(kept)} of {len(items)} items kept, "
        f"{before / 1e6:.1f} MB -> {library.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
