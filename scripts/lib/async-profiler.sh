#!/usr/bin/env bash
# Fetches async-profiler's Linux x64 native library from Maven Central (through Maven, so the local
# repository caches it) and prints its path.
#   async-profiler.sh DIR    extracts libasyncProfiler.so into DIR (once)
set -euo pipefail
VERSION=3.0
DIR="$1"
LIB="$DIR/linux-x64/libasyncProfiler.so"
if [ ! -s "$LIB" ]; then
  mvn -q -B -Dstyle.color=never dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION" >&2
  REPO="$(mvn -q -B -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" || true)"
  [ -n "$REPO" ] || REPO="$HOME/.m2/repository"
  JAR="$REPO/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar"
  [ -s "$JAR" ] || { echo "async-profiler.sh: $JAR not found after mvn dependency:get" >&2; exit 1; }
  mkdir -p "$DIR"
  (cd "$DIR" && unzip -q -o "$JAR" linux-x64/libasyncProfiler.so)
fi
echo "$LIB"
