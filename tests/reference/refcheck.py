"""Shared helpers of the reference checks (tests/reference/run.sh): run SQL through
psql, compare numbers, count checks. Standard library only."""
import csv
import io
import os
import subprocess
import sys

PSQL = os.environ.get("PG_USAGE_PSQL", "psql")
_failed = 0
_passed = 0


def sql(query, *, stdin=None):
    """Runs query through psql (unaligned, tuples only) and returns the rows as lists of strings."""
    out = subprocess.run(
        [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t", "-c", query],
        input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql failed: {out.stderr.strip()}\n  query: {query[:300]}")
    return list(csv.reader(io.StringIO(out.stdout)))


def copy_in(table, rows):
    """COPY rows (iterables) into table through psql's \\copy from stdin."""
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    out = subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                          f"\\copy {table} FROM STDIN (FORMAT csv)"],
                         input=buf.getvalue(), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"copy into {table} failed: {out.stderr.strip()}")


def check(name, ok, detail=""):
    global _failed, _passed
    if ok:
        _passed += 1
    else:
        _failed += 1
        print(f"  FAILED: {name} {detail}")


def close(name, got, want, rel=1e-6, abs_=0.0):
    """Checks |got - want| <= max(rel * |want|, abs_)."""
    got, want = float(got), float(want)
    ok = abs(got - want) <= max(rel * abs(want), abs_)
    check(name, ok, f"got {got!r}, want {want!r} (rel {rel})")
    return ok


def done():
    print(f"  {_passed} checks passed, {_failed} failed")
    sys.exit(1 if _failed else 0)
