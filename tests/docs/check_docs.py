#!/usr/bin/env python3
"""Runs the SQL examples of markdown files and compares their documented output.

Usage: check_docs.py [--psql PSQL] [--host H] [--port P] [--user U] [--cwd DIR]
                     [--database DB] [--skip-file PATH=REASON] FILE.md ...

The rules (docs/internals.md, "Docs run as tests"):
  - every ```sql block is an example; the examples of one file run in order in one
    psql session, in a database created for the file with pg_usage installed (or in
    an existing one, --database: pages whose examples read tables a test built);
  - a fenced block without a language that follows a ```sql block with nothing but
    blank lines between them is that example's documented output, compared with what
    psql prints (aligned format); fenced blocks after prose (signatures, diagrams)
    are not outputs;
  - an example without an output block must run without an ERROR;
  - <!-- doctest-setup ... --> (an HTML comment, invisible when rendered) holds SQL
    run at that place in the file: the fixtures the prose describes;
  - <!-- doctest-skip: reason --> skips the next ```sql block,
    <!-- doctest-skip-file: reason --> (or --skip-file PATH=REASON) the whole file;
    reasons are printed.
Comparison ignores only presentation: trailing whitespace, leading and trailing
blank lines, the "psql:FILE:LINE: " prefix of error messages, and psql's "(N rows)"
footers when the documented block shows none. Numbers are compared as printed.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

FOOTER = re.compile(r"^\((\d+) rows?\)$")
PSQL_PREFIX = re.compile(r"^psql:.*?:\d+: ", re.M)
ERROR = re.compile(r"^(ERROR|FATAL|PANIC):", re.M)
MARK = "@@doctest "


class Item:
    def __init__(self, kind, line, sql):
        self.kind = kind  # "example" or "setup"
        self.line = line  # 1-based line of the block's first SQL line
        self.sql = sql
        self.expected = None  # documented output, or None
        self.skip = None  # reason, or None


def parse(path):
    """Returns (items, file_skip_reason)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    items, pending_skip, file_skip = [], None, None
    last_sql_end = None  # index of the closing fence of the last sql block
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^\s*<!--\s*doctest-skip-file:\s*(.*?)\s*-->", line)
        if m:
            file_skip = m.group(1)
        m = re.match(r"^\s*<!--\s*doctest-skip:\s*(.*?)\s*-->", line)
        if m:
            pending_skip = m.group(1)
        fence = re.match(r"^(\s*)```\s*(\w*)\s*$", line)
        if re.match(r"^\s*<!--\s*doctest-setup\b", line):
            start = i + 1
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            if i == len(lines):
                raise SystemExit(f"{path}:{start}: doctest-setup comment not closed with -->")
            items.append(Item("setup", start + 1, "\n".join(lines[start:i])))
            last_sql_end = None
        elif fence:  # also indented, inside a list item: its indentation is not content
            indent, lang = fence.groups()
            start = i + 1
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                i += 1
            if i == len(lines):
                raise SystemExit(f"{path}:{start}: code block not closed")
            body = "\n".join(l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[start:i])
            if lang == "sql":
                item = Item("example", start + 1, body)
                item.skip, pending_skip = pending_skip, None
                items.append(item)
                last_sql_end = i
            elif lang == "" and last_sql_end is not None and all(
                not l.strip() for l in lines[last_sql_end + 1 : start - 1]
            ):
                items[-1].expected = body
                last_sql_end = None
            else:
                last_sql_end = None
        elif line.strip() and last_sql_end is not None:
            last_sql_end = None  # prose: the next plain block is not an output
        i += 1
    return items, file_skip


def unterminated(sql):
    """True when the block leaves a statement without its semicolon."""
    for line in reversed(sql.split("\n")):
        code = re.sub(r"--.*$", "", line).rstrip()
        if code:
            return not (code.endswith(";") or code.lstrip().startswith("\\")
                        or re.search(r"\\g\w*$", code))
    return False


def normalise(text, keep_footer):
    out = []
    for line in PSQL_PREFIX.sub("", text).split("\n"):
        line = line.rstrip()
        if not keep_footer and FOOTER.match(line):
            continue
        out.append(line)
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def run_file(args, path):
    items, file_skip = parse(path)
    name = os.path.relpath(path, args.cwd)
    file_skip = args.skip_file.get(name, file_skip)
    if file_skip:
        print(f"{name}: skipped ({file_skip})")
        return 0, 0, 0
    examples = [it for it in items if it.kind == "example"]
    if not examples:
        print(f"{name}: no SQL examples")
        return 0, 0, 0
    base = [args.psql, "-X", "-q", "-h", args.host, "-p", str(args.port), "-U", args.user]
    db = args.database or "doctest_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0].lower())
    fresh = (("postgres", [f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"]),
             (db, ["CREATE EXTENSION pg_usage"]))
    for db_name, commands in () if args.database else fresh:
        setup = [arg for c in ["SET client_min_messages = warning"] + commands for arg in ("-c", c)]
        done = subprocess.run(base + ["-d", db_name, "-v", "ON_ERROR_STOP=1"] + setup,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            print(f"{name}: FAIL: could not create its database: {done.stdout.strip()}")
            return 0, 0, 1
    failures = []
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="doctest_", encoding="utf-8") as script:
        for n, it in enumerate(items):
            if it.skip:
                continue
            if unterminated(it.sql):
                failures.append((it, "the block ends inside a statement (no ';')", None))
            script.write(f"\\echo '{MARK}{n}'\n{it.sql}\n")
        script.write(f"\\echo '{MARK}end'\n")
        script.flush()
        # stderr joins stdout so that errors appear in the output of their example.
        run = subprocess.run(base + ["-d", db, "-f", script.name], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, cwd=args.cwd, text=True, encoding="utf-8")
    if run.returncode != 0:
        failures.append((None, f"psql exited with status {run.returncode}", None))
    outputs, current = {}, None
    for line in run.stdout.split("\n"):
        if line.startswith(MARK):
            current = line[len(MARK):]
            outputs[current] = []
        elif current is not None:
            outputs[current].append(line)
        elif line.strip():
            failures.append((None, "output before the first example: " + line, None))
    ran = compared = 0
    for n, it in enumerate(items):
        if it.skip:
            print(f"  {name}:{it.line}: skipped ({it.skip})")
            continue
        if str(n) not in outputs:
            failures.append((it, "not run: psql stopped before this block", None))
            continue
        got = "\n".join(outputs[str(n)])
        if it.kind == "example":
            ran += 1
        if it.expected is None:
            if ERROR.search(PSQL_PREFIX.sub("", got)):
                what = "setup" if it.kind == "setup" else "example"
                failures.append((it, f"{what} failed", "\n".join(normalise(got, True))))
            continue
        compared += 1
        expected = it.expected.split("\n")
        keep_footer = any(FOOTER.match(l.strip()) for l in expected)
        want, have = normalise(it.expected, True), normalise(got, keep_footer)
        it.actual = have
        if want != have:
            diff = "\n".join(difflib.unified_diff(want, have, "documented", "actual", lineterm=""))
            failures.append((it, "output differs", diff))
    print(f"{name}: {ran} examples run, {compared} outputs compared, {len(failures)} failed")
    for it, what, detail in failures:
        where = f"{name}:{it.line}" if it else name
        print(f"  FAIL {where}: {what}")
        if detail:
            print("    " + detail.replace("\n", "\n    "))
    return ran, compared, len(failures)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--host", default="/tmp")
    ap.add_argument("--port", default="5432")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--cwd", default=".", help="directory the examples run in (\\copy paths)")
    ap.add_argument("--database", help="run in this existing database (default: a fresh one per file)")
    ap.add_argument("--skip-file", action="append", default=[], metavar="PATH=REASON",
                    help="skip a whole file (PATH relative to --cwd)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    args.skip_file = dict(arg.split("=", 1) for arg in args.skip_file)
    totals = [0, 0, 0]
    for path in args.files:
        for k, v in enumerate(run_file(args, path)):
            totals[k] += v
    print(f"docs: {totals[0]} examples run, {totals[1]} outputs compared, {totals[2]} failed")
    return 1 if totals[2] else 0


if __name__ == "__main__":
    sys.exit(main())
