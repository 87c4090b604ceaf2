#!/usr/bin/env python3
"""Runs the SQL blocks of a markdown page with psql and compares their output.

Usage: doc_blocks.py PAGE.md PSQL [ARGS...]. Every ```sql block runs, in page
order, in one psql session (ON_ERROR_STOP, footers off); a block followed by a
plain ``` block must print exactly that text (trailing spaces ignored). Prints
"N passed, N failed" and exits non-zero on any difference or error.
"""
import re
import subprocess
import sys

page, psql = sys.argv[1], sys.argv[2:]
blocks = re.findall(r"^```(\w*)\n(.*?)^```\n", open(page).read(), re.M | re.S)
MARK = "-- doc_blocks: end of block {}"
script, expected = ["\\set ON_ERROR_STOP 1", "\\pset footer off"], {}
for i, (lang, body) in enumerate(blocks):
    if lang == "sql":
        script += [body, f"\\echo '{MARK.format(i)}'"]
    elif lang == "" and i > 0 and blocks[i - 1][0] == "sql":
        expected[i - 1] = body
run = subprocess.run(psql + ["-X", "-q"], input="\n".join(script) + "\n", capture_output=True, text=True)
sys.stdout.write(run.stderr)
outputs, current = {}, []
for line in run.stdout.splitlines():
    m = re.fullmatch(r"-- doc_blocks: end of block (\d+)", line)
    if m:
        outputs[int(m.group(1))] = "\n".join(l.rstrip() for l in current).strip("\n")
        current = []
    else:
        current.append(line)
passed = failed = 0
for i, (lang, _) in enumerate(blocks):
    if lang != "sql":
        continue
    want = expected.get(i)
    got = outputs.get(i)
    ok = got is not None and (want is None or got == "\n".join(l.rstrip() for l in want.splitlines()).strip("\n"))
    passed, failed = passed + ok, failed + (not ok)
    if not ok:
        print(f"{page}: SQL block {i + 1}: " + ("did not run" if got is None else f"printed\n{got}\ninstead of\n{want}"))
print(f"{page}: {passed} passed, {failed} failed")
sys.exit(1 if failed or run.returncode else 0)
