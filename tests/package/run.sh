#!/usr/bin/env bash
# The Debian package, installed for real: builds it (scripts/package.sh), checks its
# contents, installs it with dpkg -i, runs a smoke test of every family on a private
# cluster that loads the packaged library, removes it with dpkg -r and checks that
# the machine is as it was.
#   tests/package/run.sh [WORK_DIR [PORT]]
# The test command installs the development build into the same system directories
# (scripts/regress.sh), and dpkg -i silently replaces files no package owns. So, under
# the shared install lock: every file the package is about to overwrite is saved, and
# after dpkg -r (which deletes the package's files) the saved files are put back; the
# checksums of PostgreSQL's extension and library directories must then equal those
# taken before the install. The same happens on failure (trap).
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
WORK=${1:-/tmp/pg_usage_pkg_$$}
PORT=${2:-28821}
PKG=postgresql-15-pg-usage
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$REPO/Cargo.toml" | head -n 1)
LIBDIR=$("$PG_CONFIG" --pkglibdir)
SHAREDIR=$("$PG_CONFIG" --sharedir)/extension
DATA=$WORK/data
pass=0 fail=0
check() { # check NAME CONDITION...: evaluates the condition, counts and reports it
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "  FAILED: $name" >&2; fi
}
installed() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; }
state() { # checksums of every file the system PostgreSQL could load pg_usage from
  (cd / && { find "${LIBDIR#/}" "${SHAREDIR#/}" "usr/share/doc/$PKG" -type f 2>/dev/null || true; } | sort | xargs -r md5sum)
}

restore() { # dpkg -r if installed, then put the saved files back (atomic renames)
  if installed; then dpkg -r "$PKG" >/dev/null; fi
  if [ -f "$WORK/saved.list" ]; then
    while IFS= read -r f; do
      cp -a "$WORK/saved$f" "$f.pg_usage_pkg.$$" && mv -f "$f.pg_usage_pkg.$$" "$f"
    done <"$WORK/saved.list"
    rm -f "$WORK/saved.list"
  fi
}
cleanup() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  restore
  rm -rf "$WORK"
}
mkdir -p "$WORK"
trap cleanup EXIT

if installed; then
  echo "$PKG is already installed; remove it (dpkg -r $PKG) before running this test" >&2
  exit 1
fi

# 1. Build the package and check what is in it.
start=$(date +%s)
deb=$("$REPO/scripts/package.sh" "$WORK/out" 2>"$WORK/build.log") || { tail -n 30 "$WORK/build.log"; exit 1; }
echo "  built $(basename "$deb") ($(du -k "$deb" | cut -f1) kB) in $(($(date +%s) - start)) s"
dpkg-deb -x "$deb" "$WORK/x"
dpkg-deb -f "$deb" Depends >"$WORK/depends"
(cd "$WORK/x" && find . -type f | sed 's/^\.//' | sort) >"$WORK/files"
built=$REPO/target/release/pg_usage-pg15$SHAREDIR
check "Package and Version fields" test "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')" = "Package: $PKG Version: $VERSION "
check "Depends on postgresql-15" grep -q '^postgresql-15,' "$WORK/depends"
check "library in pkglibdir" grep -qx "$LIBDIR/pg_usage.so" "$WORK/files"
check "library stripped (no symbol table, no debug info)" \
  bash -c "! readelf -S '$WORK/x$LIBDIR/pg_usage.so' | grep -qE '\.symtab|\.debug_'"
check "control file, default_version $VERSION" \
  grep -qx "default_version = '$VERSION'" "$WORK/x$SHAREDIR/pg_usage.control"
check "install script pg_usage--$VERSION.sql" grep -qx "$SHAREDIR/pg_usage--$VERSION.sql" "$WORK/files"
check "every pg_usage--*.sql of the build is shipped, nothing else" test \
  "$(cd "$built" && ls pg_usage--*.sql | sort)" = "$(grep "^$SHAREDIR/pg_usage--.*\.sql$" "$WORK/files" | xargs -n1 basename | sort)"
for script in "$REPO"/sql/releases/pg_usage--*.sql "$REPO"/sql/upgrades/pg_usage--*--*.sql; do
  if [ -f "$script" ]; then
    check "release or update script $(basename "$script") shipped" \
      grep -qx "$SHAREDIR/$(basename "$script")" "$WORK/files"
  fi
done
dpkg-deb -e "$deb" "$WORK/DEBIAN"
check "md5sums list every file" test "$(wc -l <"$WORK/DEBIAN/md5sums")" = "$(wc -l <"$WORK/files")"
check "md5sums match the files" bash -c "cd '$WORK/x' && md5sum --quiet -c '$WORK/DEBIAN/md5sums'"

# 2. Install, smoke test, remove: under the install lock, as other builds use these dirs.
start=$(date +%s)
exec 9>"$LOCK"
flock 9
echo "  install lock taken after $(($(date +%s) - start)) s"
start=$(date +%s)
state >"$WORK/state.before"
mkdir -p "$WORK/saved"
: >"$WORK/saved.list"
while IFS= read -r f; do
  if [ -e "$f" ]; then
    mkdir -p "$WORK/saved$(dirname "$f")"
    cp -a "$f" "$WORK/saved$f"
    echo "$f" >>"$WORK/saved.list"
  fi
done <"$WORK/files"
echo "  dpkg -i (saved $(wc -l <"$WORK/saved.list") files it overwrites)"
dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log"; exit 1; }
check "dpkg reports the package installed" installed
check "installed files are the package's" bash -c "cd / && md5sum --quiet -c '$WORK/DEBIAN/md5sums'"
check "dpkg -L lists the library" bash -c "dpkg -L $PKG | grep -qx '$LIBDIR/pg_usage.so'"

cluster_start "$DATA" "$PORT"
# Expected values by hand: 3 events of quantity 2+3+1 on 2 days and 2 features; the
# first activity in January is "new" at the month's end; NPS of 10,9,7,0 = 100*(2-1)/4;
# a subscription 2024-01-15..2024-03-10 counts on the last days of January and
# February only; ClickHouse's funnel example reaches step 2 within 46 hours;
# p_alive with the published CDNOW BG/NBD parameters is lifetimes' 0.72657857008.
smoke=$("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres -d postgres -At 2>&1 <<'SQL' || true
SET TimeZone = 'UTC';
CREATE EXTENSION pg_usage;
SELECT 'version ' || extversion FROM pg_extension WHERE extname = 'pg_usage';
SELECT 'usage ' || concat_ws(' ', events(s), total_quantity(s), active_days(s), feature_breadth(s),
                             lifecycle_status(s, date '2024-01-31', 'month'))
FROM (SELECT usage_agg(ts, q, f) AS s
      FROM (VALUES (timestamptz '2024-01-01 10:00+00', 2.0, 'a'), ('2024-01-01 11:00+00', 3.0, 'b'),
                   ('2024-01-03 09:00+00', 1.0, 'a')) v(ts, q, f)) x;
SELECT 'rfm ' || concat_ws(' ', purchase_count(s), purchase_days(s), monetary_total(s), recency_days(s, date '2024-03-31'))
FROM (SELECT rfm_agg(d, a) AS s FROM (VALUES (date '2024-01-01', 10.0), ('2024-01-01', 5), ('2024-03-01', 20)) v(d, a)) x;
SELECT 'funnel ' || window_funnel(interval '46 hours', ts, ARRAY[e = 1003, e = 1009, e = 1007, e = 1010])
FROM (VALUES (timestamp '2019-01-29 10:00', 1003), ('2019-01-31 09:00', 1007), ('2019-01-30 08:00', 1009),
             ('2019-02-01 08:00', 1010)) v(ts, e);
SELECT 'retention ' || retention(d = 1, d = 2, d = 3)::text FROM (VALUES (1), (3)) v(d);
SELECT 'nps ' || concat_ws(' ', responses(s), nps(s)) FROM (SELECT nps_agg(x) AS s FROM unnest(ARRAY[10, 9, 7, 0]) x) n;
SELECT 'accounts ' || seat_utilization(3, 4);
SELECT 'saas ' || concat_ws(' ', mrr_at(h, date '2024-01-01'), mrr_at(h, date '2024-02-01'), mrr_at(h, date '2024-03-01'))
FROM (SELECT mrr_agg(date '2024-01-15', date '2024-03-10', 100.00) AS h) x;
SELECT 'unit economics ' || cac(30000, 12);
SELECT 'cltv ' || round(p_alive('{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}'::bgnbd_model, 2, 30.43, 38.86)::numeric, 11);
DROP EXTENSION pg_usage;
SELECT 'dropped ' || count(*) FROM pg_extension WHERE extname = 'pg_usage';
SQL
)
# The oldest release's install script and the update path, as packaged.
oldest=$(cd "$REPO/sql/releases" && ls pg_usage--*.sql 2>/dev/null | sed 's/^pg_usage--\(.*\)\.sql$/\1/' | sort -V | head -n 1)
if [ -n "$oldest" ]; then
  smoke+=$'\n'$("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres -d postgres -At 2>&1 <<SQL || true
CREATE EXTENSION pg_usage VERSION '$oldest';
ALTER EXTENSION pg_usage UPDATE;
SELECT 'updated from $oldest to ' || extversion FROM pg_extension WHERE extname = 'pg_usage';
DROP EXTENSION pg_usage;
SQL
)
fi
expected="version $VERSION
usage 3 6 2 2 new
rfm 3 2 35 30
funnel 2
retention {t,f,t}
nps 4 25
accounts 0.75
saas 100.00 100.00 0.00
unit economics 2500
cltv 0.72657857008
dropped 0${oldest:+
updated from $oldest to $VERSION}"
if [ "$smoke" = "$expected" ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "  FAILED: smoke test on the packaged extension" >&2
  diff <(echo "$expected") <(echo "$smoke") | sed 's/^/    /' >&2 || true
fi
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null

echo "  dpkg -r"
dpkg -r "$PKG" >>"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log"; exit 1; }
check "dpkg reports the package removed" bash -c "! dpkg-query -W -f='\${Status}' $PKG 2>/dev/null | grep -q 'ok installed'"
check "every file of the package is gone" bash -c "! (while read -r f; do [ -e \"\$f\" ] && echo \"\$f\"; done <'$WORK/files' | grep -q .)"
check "the package's doc directory is gone" test ! -e "/usr/share/doc/$PKG"
restore
state >"$WORK/state.after"
check "PostgreSQL's library and extension directories as before" cmp -s "$WORK/state.before" "$WORK/state.after"
exec 9>&-
echo "  install, smoke test, removal and restore in $(($(date +%s) - start)) s"

echo "  $pass passed, $fail failed"
[ "$fail" = 0 ]
