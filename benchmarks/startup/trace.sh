#!/usr/bin/env bash
# Spring's startup steps of the example checkout-service, with slo4j on and off: the steps that name slo4j and the
# 25 longest (Trace.java, Spring's BufferingApplicationStartup), on the exploded jar.
# Usage (after mvn -q -B -DskipTests package): bash benchmarks/startup/trace.sh [--slo4j.enabled=false]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=$PWD/examples/checkout-service/target/checkout-service.jar
[ -f "$jar" ] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && mkdir x && cd x && unzip -q "$jar")
cp="$work/x/BOOT-INF/classes:$(ls "$work"/x/BOOT-INF/lib/*.jar | tr '\n' ':')"
javac -cp "$cp" -d "$work" benchmarks/startup/Trace.java
java -cp "$work:$cp" Trace --server.port=0 --spring.main.banner-mode=off "$@" 2>/dev/null | grep -E '^(SLO|TOP)'
