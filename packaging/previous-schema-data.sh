#!/usr/bin/env bash
# Data made by the code of the previous schema, for the smoke test's upgrade in place:
#
#   bash packaging/previous-schema-data.sh OUT_DIR [PYTHON]
#
# The newest commit that moved HEAD_REVISION (mediation_desk/db/migrate.py) brought the current
# schema; its parent is the code of the previous one. That code is taken from git (git archive,
# no checkout) and run with PYTHON (default: the bundle build's venv, which has every library
# it needs) to create a demo centre of 40 cases in OUT_DIR (its own start-up: migrations, demo
# loader, clean close), exactly as that release would have left the data folder. The smoke test
# then opens OUT_DIR with the new bundle (PREVIOUS_DATA=OUT_DIR), which must migrate it and keep
# every case.
#
# Exit 0 with OUT_DIR holding mediation.db; exit 3, saying why, when there is no such commit
# (a shallow clone, or no migration yet): the caller then runs the smoke test without it.
set -euo pipefail
OUT="${1:?usage: previous-schema-data.sh OUT_DIR [PYTHON]}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${2:-$REPO/build/bundle/venv/bin/python}"

current=$(git -C "$REPO" log -1 --format=%H -G'^HEAD_REVISION = ' -- mediation_desk/db/migrate.py \
    2>/dev/null || true)
if [ -z "$current" ] || ! git -C "$REPO" rev-parse -q --verify "$current^" >/dev/null; then
    echo "previous-schema-data.sh: no commit before the current schema in this clone (shallow?)" >&2
    exit 3
fi
previous=$(git -C "$REPO" rev-parse --short "$current^")
revision_of() { git -C "$REPO" show "$1:mediation_desk/db/migrate.py" | sed -n 's/^HEAD_REVISION = "\(.*\)"/\1/p'; }
SRC=$(mktemp -d "${TMPDIR:-/tmp}/md-previous.XXXXXX")
trap 'rm -rf "$SRC"' EXIT
git -C "$REPO" archive "$previous" mediation_desk ui resources | tar -x -C "$SRC"
rm -rf "$OUT" && mkdir -p "$OUT"
(cd "$SRC" && env -u PYTHONPATH QT_QPA_PLATFORM=offscreen PYTHONPATH="$SRC" timeout 300 \
    "$PYTHON" -m ui.app --data-dir "$OUT" --demo 40 --screenshot "$OUT/previous.png") \
    >"$OUT/previous.log" 2>&1 || {
    echo "previous-schema-data.sh: the code of $previous did not make its data; see $OUT/previous.log" >&2
    exit 1
}
[ -s "$OUT/mediation.db" ] || { echo "previous-schema-data.sh: no database made" >&2; exit 1; }
echo "previous schema: commit $previous ($(revision_of "$previous")), now $(revision_of HEAD)"
