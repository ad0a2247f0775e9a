#!/usr/bin/env bash
# What slo4j's autoconfiguration adds to an application's start: the example checkout-service started N times with
# slo4j on and N times with slo4j.enabled=false, as N pairs whose order alternates (on first, then off first), reading
# Spring Boot's own "Started ... in X seconds"; prints each pair's difference (on - off) and their median.
# Usage (after mvn -DskipTests package): bash benchmarks/startup/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-5}
jar=examples/checkout-service/target/checkout-service.jar
[ -f "$jar" ] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 1; }
measure() {
  local log
  log=$(mktemp)
  java -jar "$jar" --server.port=0 --spring.main.banner-mode=off "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    grep -q 'Started CheckoutApplication in' "$log" && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  grep -o 'Started CheckoutApplication in [0-9.]*' "$log" | awk '{print $4}'
  rm -f "$log"
}
on=(); off=(); diff=()
for i in $(seq 1 "$n"); do
  if [ $((i % 2)) -eq 1 ]; then
    a=$(measure); b=$(measure --slo4j.enabled=false)
  else
    b=$(measure --slo4j.enabled=false); a=$(measure)
  fi
  on+=("$a"); off+=("$b"); diff+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%+.3f", a - b}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "slo4j on : ${on[*]}  median $(median "${on[@]}") s"
echo "slo4j off: ${off[*]}  median $(median "${off[@]}") s"
echo "on - off per pair: ${diff[*]}  median $(median "${diff[@]}") s; on slower in $(printf '%s\n' "${diff[@]}" | grep -c '^+') of $n pairs"
# The mean difference with its 95% confidence interval (Student's t with n-1 degrees of freedom; 1.96 beyond 30).
printf '%s\n' "${diff[@]}" | awk -v base="$(median "${off[@]}")" '
  { x[NR] = $1; s += $1 }
  END {
    m = s / NR; for (i = 1; i <= NR; i++) v += (x[i] - m) ^ 2
    sd = NR > 1 ? sqrt(v / (NR - 1)) : 0; se = sd / sqrt(NR)
    split("12.71 4.30 3.18 2.78 2.57 2.45 2.36 2.31 2.26 2.23 2.20 2.18 2.16 2.14 2.13 2.12 2.11 2.10 2.09 2.09 2.08 2.07 2.07 2.06 2.06 2.06 2.05 2.05 2.05", t, " ")
    q = (NR - 1 <= 29) ? t[NR - 1] : 1.96
    printf "mean on - off: %+.3f s, 95%% CI [%+.3f, %+.3f] s, sd %.3f s; %+.1f%% of the median start without slo4j\n",
      m, m - q * se, m + q * se, sd, 100 * m / base
  }'
