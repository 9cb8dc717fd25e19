#!/usr/bin/env bash
# Runs one benchmark program: bench/run.sh <BenchClass> [args...]
# Builds the project first (tests skipped); the program prints one JSON line of figures on stdout.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$HOME_DIR" && mvn -B -q -DskipTests package >&2)
CP="$HOME_DIR/bench/target/livelake-bench-0.1.0-SNAPSHOT.jar:$(cat "$HOME_DIR/bench/target/bench.classpath"):$(cat "$HOME_DIR/bench/target/bench-runtime.classpath")"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
# As bin/livelake: Spark's generated methods for wide rows exceed the JIT's size limit otherwise.
JIT="-XX:-DontCompileHugeMethods"
main="$1"; shift
# shellcheck disable=SC2086
exec java -Dlivelake.root="$HOME_DIR" $OPENS $JIT -Xmx"${BENCH_MEMORY:-8g}" -cp "$CP" "io.livelake.bench.$main" "$@"
