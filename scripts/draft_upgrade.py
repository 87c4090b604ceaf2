#!/usr/bin/env python3
"""Drafts an update script between two install scripts of pg_usage.

    scripts/draft_upgrade.py OLD.sql NEW.sql > draft.sql

Prints, in NEW's order, every statement of NEW that OLD does not have (comments and
whitespace ignored): new objects as they are; functions and aggregates that exist in
OLD with another definition as CREATE OR REPLACE; a DROP for every function, aggregate,
type, cast or operator that OLD creates and NEW does not; and, last, NEW's DO blocks
(sql/comments.sql comments the support functions that have no comment yet). It is a draft: a
human reviews it into sql/upgrades/, and tests/upgrade/run.sh proves the result (the
updated catalog must equal a fresh install's).
"""
import re
import sys


def statements(sql):
    """SQL split into statements, each without comments and with whitespace collapsed."""
    out, cur, i, n = [], [], 0, len(sql)
    while i < n:
        c = sql[i]
        if sql.startswith("--", i):
            i = sql.find("\n", i)
            i = n if i < 0 else i
            continue
        if sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and sql.startswith("''", j):
                    j += 2
                    continue
                if sql[j] == "'":
                    break
                j += 1
            cur.append(sql[i:j + 1])
            i = j + 1
            continue
        m = re.match(r"\$[A-Za-z_]*\$", sql[i:])
        if m:
            tag = m.group(0)
            j = sql.find(tag, i + len(tag))
            cur.append(sql[i:j + len(tag)])
            i = j + len(tag)
            continue
        if c == ";":
            text = " ".join("".join(cur).split())
            if text:
                out.append(text)
            cur = []
        else:
            cur.append(c)
        i += 1
    return out


KEY = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|AGGREGATE|TYPE|CAST|OPERATOR CLASS|OPERATOR FAMILY|OPERATOR)\s+"
    r"(.+?)(?:\s+RETURNS\b|\s*\(\s*(?:INPUT|SFUNC|LEFTARG|RIGHTARG|FUNCTION|PROCEDURE)\b|\s+(?:DEFAULT\s+)?FOR\s+TYPE\b|\s+USING\b|$)",
    re.I | re.S,
)


def key(stmt):
    """(kind, name with argument types) of a CREATE statement, else None."""
    m = KEY.match(stmt)
    if not m:
        return None
    kind, name = m.group(1).upper(), m.group(2)
    if kind in ("FUNCTION", "AGGREGATE"):
        # Argument types only: drop names and defaults.
        head, _, args = name.partition("(")
        parts = [a.strip() for a in args.rsplit(")", 1)[0].split(",") if a.strip()]
        types = []
        for a in parts:
            a = re.split(r"\s+DEFAULT\s+|\s*=\s*", a, flags=re.I)[0]
            words = a.replace('"', "").split()
            types.append(" ".join(words[1:]) if len(words) > 1 and words[0].lower() not in ("double", "timestamp", "time", "character") else " ".join(words))
        name = head.strip().replace('"', "") + "(" + ", ".join(types) + ")"
    if kind == "TYPE" and "(" not in stmt:
        kind = "SHELL TYPE"
    return kind, " ".join(name.split())


def main():
    old = statements(open(sys.argv[1]).read())
    new = statements(open(sys.argv[2]).read())
    old_set = set(old)
    old_keys = {key(s): s for s in old if key(s)}
    new_keys = {key(s) for s in new if key(s)}
    print("-- Draft by scripts/draft_upgrade.py: review before committing.")
    for s in new:
        if s in old_set or s.upper().startswith("DO "):
            continue
        k = key(s)
        if k and k in old_keys:
            if k[0] in ("FUNCTION", "AGGREGATE"):
                s = re.sub(r"^CREATE\s+(OR\s+REPLACE\s+)?", "CREATE OR REPLACE ", s, flags=re.I)
            elif k[0] in ("SHELL TYPE", "TYPE"):
                print(f"-- changed {k[0].lower()} {k[1]}: review by hand\n-- {s};")
                continue
        print(s + ";")
    for k, s in old_keys.items():
        if k not in new_keys and k[0] != "SHELL TYPE":
            print(f"DROP {k[0]} {k[1]};")
    for s in new:
        if s.upper().startswith("DO "):
            print(s + ";")


if __name__ == "__main__":
    main()
