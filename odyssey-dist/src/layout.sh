#!/usr/bin/env bash
# Lays out an Odyssey installation (the tree the release tarball holds) from the packaged modules:
#   layout.sh OUT ROOT [--with-spark] [--link]
#     OUT   the directory to write (replaced whole, through OUT.tmp.PID, so that a half-written layout is
#           never seen by a launcher);  ROOT  the source tree, whose odyssey-cli/target and
#           odyssey-spark/target hold the packaged jars and their copied dependencies.
#     --with-spark  also lib/spark (the Spark module and the jars only it needs) and
#                   share/spark/odyssey-spark-VERSION-app.jar (the application jar for spark-submit);
#     --link        symbolic links to the jars instead of copies (the source tree's bin/odyssey uses it
#                   for its development layout; the release copies).
# Used by the odyssey-dist module at package time and by the source tree's bin/odyssey after a build,
# so that both run the very same launcher on the very same layout.
#
# The class paths are written here, once, into lib/classpath and lib/spark/classpath (paths relative
# to the installation, ':'-separated, sorted): the launcher reads them with a bash builtin instead of
# listing directories on every run.
set -euo pipefail
OUT=$1 ROOT=$2; shift 2
SPARK=0 LINK=0
for a in "$@"; do case "$a" in --with-spark) SPARK=1 ;; --link) LINK=1 ;; *) echo "layout.sh: unknown option $a" >&2; exit 2 ;; esac; done
CLI="$ROOT/odyssey-cli/target" SPK="$ROOT/odyssey-spark/target"

main_jar() { # DIR NAME: the module's main jar, not its -sources, -tests or -app jar (odyssey-spark's spark-submit jar)
  local j found=
  for j in "$1/$2"-*.jar; do
    case "$j" in *-sources.jar|*-tests.jar|*-javadoc.jar|*-app.jar) continue ;; esac
    [ -f "$j" ] && { [ -n "$found" ] && { echo "layout.sh: two jars for $2 in $1: $found $j (run mvn clean)" >&2; exit 1; }; found=$j; }
  done
  [ -n "$found" ] || { echo "layout.sh: expected $1/$2-VERSION.jar; found none (is $2 packaged?)" >&2; exit 1; }
  echo "$found"
}
put() { # FILE DIR
  if [ "$LINK" = 1 ]; then ln -s "$1" "$2/"; else cp -p "$1" "$2/"; fi
}

cli_jar=$(main_jar "$CLI" odyssey-cli)
[ -d "$CLI/lib" ] || { echo "layout.sh: expected $CLI/lib (copied dependencies); found none" >&2; exit 1; }
version=${cli_jar##*/odyssey-cli-}; version=${version%.jar}

TMP="$OUT.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP"/{bin,lib,conf,examples,docs}
cp -p "$ROOT/odyssey-dist/src/main/dist/bin/odyssey" "$TMP/bin/odyssey"
chmod 755 "$TMP/bin/odyssey" # whatever mode the checkout gave it
cp -p "$ROOT"/odyssey-dist/src/main/dist/conf/* "$TMP/conf/"
cp -p "$ROOT/odyssey-cli/src/main/resources/logback.xml" "$TMP/conf/logback.xml"
cp -p "$ROOT/examples/sample.pcap" "$TMP/examples/"
cp -p "$ROOT/LICENSE" "$ROOT/README.md" "$TMP/"
cp -p "$ROOT"/docs/*.md "$TMP/docs/"
if [ -d "$ROOT/contrib" ]; then cp -pr "$ROOT/contrib" "$TMP/contrib"; fi

cp_entries=()
put "$cli_jar" "$TMP/lib"; cp_entries+=("lib/${cli_jar##*/}")
declare -A have=()
for j in "$CLI"/lib/*.jar; do
  put "$j" "$TMP/lib"; cp_entries+=("lib/${j##*/}"); have[${j##*/}]=1
done
(IFS=:; echo "${cp_entries[*]}") >"$TMP/lib/classpath"

if [ "$SPARK" = 1 ]; then
  spark_jar=$(main_jar "$SPK" odyssey-spark)
  [ -d "$SPK/lib" ] || { echo "layout.sh: expected $SPK/lib (copied dependencies); found none" >&2; exit 1; }
  mkdir -p "$TMP/lib/spark"
  sp=()
  put "$spark_jar" "$TMP/lib/spark"; sp+=("lib/spark/${spark_jar##*/}")
  for j in "$SPK"/lib/*.jar; do
    # The jars single-machine commands already load (picocli, SLF4J, the counting engine) stay in lib/
    # once; the dependency convergence rule keeps both modules on one version of each.
    [ -n "${have[${j##*/}]:-}" ] && continue
    put "$j" "$TMP/lib/spark"; sp+=("lib/spark/${j##*/}")
  done
  (IFS=:; echo "${sp[*]}") >"$TMP/lib/spark/classpath"
  # The spark-submit application jar (docs/spark.md), for a cluster that has its own Spark: not on
  # any class path of ours (it holds a relocated copy of our classes), so not under lib/.
  app_jar=$(ls "$SPK"/odyssey-spark-*-app.jar 2>/dev/null | head -n 1 || true)
  [ -n "$app_jar" ] || { echo "layout.sh: expected $SPK/odyssey-spark-VERSION-app.jar (is odyssey-spark packaged?)" >&2; exit 1; }
  mkdir -p "$TMP/share/spark"
  put "$app_jar" "$TMP/share/spark"
fi

# What --version reports, and the key of the per-user class-data cache: a new build is a new key, so
# an archive made for other jars is never offered to the JVM.
commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
{ echo "$version"; echo "$commit"; date -u +%Y%m%dT%H%M%S%N; } >"$TMP/lib/build-info"

rm -rf "$OUT"
mv "$TMP" "$OUT"
