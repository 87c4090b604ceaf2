#!/usr/bin/env bash
# Builds a Debian package of pg_usage for PostgreSQL 15 from `cargo pgrx package`:
#   scripts/package.sh [OUT_DIR]      (default OUT_DIR: target/debian)
# prints the path of the .deb it wrote, postgresql-15-pg-usage_<version>_<arch>.deb.
# Contents: the stripped library in PostgreSQL's pkglibdir, the extension's control
# file and every pg_usage--*.sql script in the share dir of the build: the install
# script pgrx generates, those of earlier releases and the update scripts
# (release_scripts: sql/releases, sql/upgrades), and the license. The version
# is Cargo.toml's. Offline: dpkg-deb only, no network, no debhelper.
set -euo pipefail
. "$(dirname "$0")/common.sh"
OUT=${1:-$REPO/target/debian}
PKG=postgresql-15-pg-usage
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$REPO/Cargo.toml" | head -n 1)
ARCH=$(dpkg --print-architecture)
[ -n "$VERSION" ] || { echo "package.sh: no version in Cargo.toml" >&2; exit 1; }

BUILT=$REPO/target/release/pg_usage-pg15
LIBDIR=$("$PG_CONFIG" --pkglibdir)
SHAREDIR=$("$PG_CONFIG" --sharedir)/extension
(cd "$REPO" && cargo pgrx package --pg-config "$PG_CONFIG") >&2
release_scripts "$BUILT$SHAREDIR"

STAGE=$(mktemp -d /tmp/pg_usage_deb.XXXXXX)
chmod 0755 "$STAGE"
trap 'rm -rf "$STAGE"' EXIT
install -d "$STAGE/DEBIAN" "$STAGE$LIBDIR" "$STAGE$SHAREDIR" "$STAGE/usr/share/doc/$PKG"
install -m 0644 "$BUILT$LIBDIR/pg_usage.so" "$STAGE$LIBDIR/pg_usage.so"
strip --strip-unneeded "$STAGE$LIBDIR/pg_usage.so"
install -m 0644 "$BUILT$SHAREDIR/pg_usage.control" "$STAGE$SHAREDIR/"
shopt -s nullglob
scripts=("$BUILT$SHAREDIR"/pg_usage--*.sql)
[ ${#scripts[@]} -gt 0 ] || { echo "package.sh: no pg_usage--*.sql in $BUILT$SHAREDIR" >&2; exit 1; }
install -m 0644 "${scripts[@]}" "$STAGE$SHAREDIR/"
install -m 0644 "$REPO/LICENSE" "$STAGE/usr/share/doc/$PKG/copyright"

# The library needs only the C library and the server itself (pgrx links nothing else);
# checked here so that a new shared-library dependency cannot slip in unnoticed.
needed=$(readelf -d "$STAGE$LIBDIR/pg_usage.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for lib in $needed; do
  case "$lib" in libc.so.6|libm.so.6|libgcc_s.so.1|ld-linux-*) ;; *)
    echo "package.sh: pg_usage.so needs $lib, which the control file does not depend on" >&2; exit 1 ;;
  esac
done
libc_version=$(dpkg-query -W -f='${Version}' libc6)

(cd "$STAGE" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: pg_usage developers <pg_usage@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: postgresql-15, libc6 (>= ${libc_version%%-*}), libgcc-s1
Section: database
Priority: optional
Description: customer usage models for PostgreSQL 15 (pg_usage extension)
 Usage summaries, lifecycle and retention, RFM, funnels, SaaS metrics and
 customer lifetime value (BG/NBD, Pareto/NBD, Gamma-Gamma) as SQL aggregates
 and functions. Run CREATE EXTENSION pg_usage in a database to use it.
EOF

mkdir -p "$OUT"
deb=$OUT/${PKG}_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$deb" >/dev/null
echo "$deb"
