#!/usr/bin/env bash
# Rule evaluation cost, slo4j vs Sloth, measured by a real Prometheus on 30 days of synthetic history.
#
# 1. Synthesizes 30 days (plus an hour) of traffic for 10 instances, one sample every 30s, in both metric shapes
#    (slo4j_events_total and Sloth's http_request_duration_seconds_count), streamed a day at a time through
#    `promtool tsdb create-blocks-from openmetrics` into a TSDB (traffic.py).
# 2. Starts a temporary Prometheus on that TSDB and backfills, with `promtool tsdb create-blocks-from rules`, the
#    recording rules that other rules read over long ranges: slo4j's tiles (every 5m, their group's interval) and
#    Sloth's slo:sli_error:ratio_rate5m (every 30s, the evaluation interval). Without them the 30-day windows would
#    read almost nothing and look cheap.
# 3. Runs Prometheus with slo4j's rules for Sloth's getting-started SLO, lets the backfilled blocks compact, follows
#    several evaluation rounds (/api/v1/rules, prometheus_rule_group_last_duration_seconds) and counts the samples
#    each rule reads (every rule's expression as an instant query with stats=all, promql-per-step-stats on).
#    Then the same with Sloth's generated rules for the same SLO. Prometheus scrapes the live continuation of the
#    same counters meanwhile (traffic.py serve), so the short windows see fresh data.
# 4. Prints the comparison table.
#
# Loopback only. Every process it starts is stopped on exit; the data goes to a temporary directory, removed at the
# end unless KEEP=1. Bounded: the whole run is killed after MAX_SECONDS (default 2100). Typical run: about 25 minutes,
# 15 of them waiting for three evaluations of the 5-minute tiles group.
#
# Many SLOs (SLOS=100): the same measurement for N SLOs in one Prometheus (scale.py plan: 10 services, half
# availability, half latency, 2 instances each; one handler label per SLO on the shared HTTP histogram for Sloth),
# slo4j's rules from its generator against Sloth's rules for the same SLOs, instantiated from Sloth's generated output
# for its getting-started SLO (scale.py sloth, which first checks that it reproduces that file). Differences from the
# one-SLO mode: after the backfill a rule-less "feeder" Prometheus (FEED_PORT) compacts the TSDB and scrapes the live
# counters throughout; each generator's Prometheus then starts on a snapshot of it (/api/v1/admin/tsdb/snapshot,
# head included), so both see the same gap-free data and a head holding only their own recorded series. The
# measurement adds the process's RSS (/proc/PID/status) and its own memory and head series metrics, and the report sums
# the groups by role, per SLO and per 1,000 SLOs. Defaults in this mode: PROM_PORT 19190, EXPORTER_PORT 19191,
# FEED_PORT 19192, MAX_SECONDS 3600. About 30 minutes with SLOS=100 on 2 cores (3 synthesizing, 2 backfilling, 1.5
# compacting, 16 for slo4j's three rounds of 5-minute groups, 7 for Sloth).
#
# Usage: benchmarks/eval-cost/run.sh            (one SLO)
#        SLOS=100 benchmarks/eval-cost/run.sh   (100 SLOs; SLOS must be a multiple of 10)
# Environment: PROM_PORT (19090), EXPORTER_PORT (19091), DAYS (30), ROUNDS (6), SLOW_ROUNDS (3: rounds of the 5m
#              tiles group), WORK (a new /tmp directory), KEEP (0), MAX_SECONDS (2100), SLOTH_RULES (Sloth's _gen/getting-started.yml), PROMETHEUS, PROMTOOL.
#              REUSE=1 with the WORK of an earlier KEEP=1 run skips steps 1 and 2 (same data, new slo4j rules);
#              SKIP_SLOTH=1 measures slo4j only; SLO4J_RULES names a rule file to measure instead of the generator's.
#              SLOS=N (0: one SLO) the many-SLO mode, with FEED_PORT; REUSE is untested there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SLOS="${SLOS:-0}"
if [[ "$SLOS" != 0 ]]; then
  PROM_PORT="${PROM_PORT:-19190}"
  EXPORTER_PORT="${EXPORTER_PORT:-19191}"
  FEED_PORT="${FEED_PORT:-19192}"
  MAX_SECONDS="${MAX_SECONDS:-3600}"
fi
PROM_PORT="${PROM_PORT:-19090}"
EXPORTER_PORT="${EXPORTER_PORT:-19091}"
DAYS="${DAYS:-30}"
ROUNDS="${ROUNDS:-6}"
SLOW_ROUNDS="${SLOW_ROUNDS:-3}"
KEEP="${KEEP:-0}"
REUSE="${REUSE:-0}"
SKIP_SLOTH="${SKIP_SLOTH:-0}"
SLO4J_RULES="${SLO4J_RULES:-}"
MAX_SECONDS="${MAX_SECONDS:-2100}"
PROMETHEUS="${PROMETHEUS:-prometheus}"
PROMTOOL="${PROMTOOL:-promtool}"
SLOTH_RULES="${SLOTH_RULES:-$REPO/../shared/reference/sloth/_gen/getting-started.yml}"
WORK="${WORK:-$(mktemp -d /tmp/slo4j-eval-cost.XXXXXX)}"
INTERVAL=30s
URL="http://127.0.0.1:$PROM_PORT"

PIDS=()
PROM_PID=""
FEED_PID=""
FG_PID=""
WATCHDOG=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n "$WATCHDOG" ]] && kill "$WATCHDOG" 2>/dev/null || true
  for pid in $FG_PID $PROM_PID $FEED_PID "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $FG_PID $PROM_PID $FEED_PID "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ "$KEEP" != 1 ]]; then
    rm -rf "$WORK/data" "$WORK/rule-blocks" "$WORK/chunks" "$WORK/data-slo4j" "$WORK/data-sloth"
  fi
  echo "work directory: $WORK$([[ "$KEEP" != 1 ]] && echo ' (TSDB removed; KEEP=1 keeps it)')" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# Whole-run bound: the watchdog signals this script, whose trap stops everything it started.
( sleep "$MAX_SECONDS"; echo "run.sh: over ${MAX_SECONDS}s, stopping" >&2; kill -TERM $$ ) &
WATCHDOG=$!

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
# Runs a long step in the background and waits for it, so that the watchdog's signal interrupts the wait at once
# (bash defers traps while a foreground command runs) and cleanup can stop the step.
step() { "$@" & FG_PID=$!; wait "$FG_PID"; local rc=$?; FG_PID=""; return "$rc"; }

for tool in "$PROMETHEUS" "$PROMTOOL" python3 java curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "run.sh: python3 needs the yaml module (Debian: python3-yaml)" >&2; exit 2; }
[[ -f "$SLOTH_RULES" ]] || { echo "run.sh: Sloth rules not found at $SLOTH_RULES (set SLOTH_RULES)" >&2; exit 2; }
for port in "$PROM_PORT" "$EXPORTER_PORT" ${FEED_PORT:+"$FEED_PORT"}; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "run.sh: port $port is in use (set PROM_PORT / EXPORTER_PORT)" >&2; exit 2
  fi
done

mkdir -p "$WORK"
log "work directory $WORK; $("$PROMETHEUS" --version 2>&1 | head -1)"

# --- rules -------------------------------------------------------------------------------------------------------
# The generator from the built slo-core and slo-rules jars (RuleGenerator moved to slo-rules), copied first: a
# parallel `mvn clean` must not pull them away mid-run. Built with `package` only, never `install`.
module_jar() {
  ls "$REPO/$1"/target/"$1"-*.jar 2>/dev/null | grep -v -E -e "-(sources|javadoc|tests|test-sources)\.jar$" | head -1 || true
}
slo4j_rules() {
  if [[ -z "$(module_jar slo-core)" || -z "$(module_jar slo-rules)" ]]; then
    log "building slo-core and slo-rules"
    (cd "$REPO" && mvn -q -o -B -DskipTests -Dinvoker.skip=true -Dmaven.javadoc.skip=true package -pl slo-rules -am) \
      || return 1
  fi
  cp "$(module_jar slo-core)" "$WORK/slo-core.jar" && cp "$(module_jar slo-rules)" "$WORK/slo-rules.jar" \
    && java -cp "$WORK/slo-core.jar:$WORK/slo-rules.jar" "$HERE/SloRules.java" "$WORK/slo4j.rules.yml" \
      ${PLAN_TSV:+"$PLAN_TSV"}
}
PLAN_TSV=""
PLAN_JSON=""
if [[ "$SLOS" != 0 ]]; then
  PLAN_TSV="$WORK/plan.tsv"
  PLAN_JSON="$WORK/plan.json"
  python3 "$HERE/scale.py" plan --slos "$SLOS" --json "$PLAN_JSON" --tsv "$PLAN_TSV"
fi
if [[ -n "$SLO4J_RULES" ]]; then
  cp "$SLO4J_RULES" "$WORK/slo4j.rules.yml"
else
  slo4j_rules || { sleep 20; slo4j_rules; } || { echo "run.sh: cannot generate slo4j's rules" >&2; exit 1; }
fi
if [[ "$SLOS" != 0 ]]; then
  python3 "$HERE/scale.py" sloth --plan "$PLAN_JSON" --out "$WORK/sloth.rules.yml" --reference "$SLOTH_RULES"
else
  cp "$SLOTH_RULES" "$WORK/sloth.rules.yml"
  echo "sloth: $(grep -c 'record:' "$WORK/sloth.rules.yml") recording rules for 1 SLO"
fi
"$PROMTOOL" check rules "$WORK/slo4j.rules.yml" "$WORK/sloth.rules.yml" >/dev/null
python3 "$HERE/evalcost.py" extract --in "$WORK/slo4j.rules.yml" --out "$WORK/backfill-slo4j.rules.yml" \
  --record slo4j:bad_events:rate5m --record slo4j:total_events:rate5m
python3 "$HERE/evalcost.py" extract --in "$WORK/sloth.rules.yml" --out "$WORK/backfill-sloth.rules.yml" \
  --record slo:sli_error:ratio_rate5m

if [[ "$REUSE" == 1 ]]; then
  [[ -d "$WORK/data" && -f "$WORK/counters.json" ]] || { echo "run.sh: REUSE=1 needs a WORK kept by KEEP=1" >&2; exit 2; }
fi
# --- history -----------------------------------------------------------------------------------------------------
if [[ "$REUSE" != 1 ]]; then
log "synthesizing ${DAYS}d of history"
END=$(( $(date +%s) / 30 * 30 ))
HISTORY_DAYS=$(python3 -c "print($DAYS + 1 / 24)")
step python3 "$HERE/traffic.py" history --end "$END" --days "$HISTORY_DAYS" --out "$WORK/data" --work "$WORK/chunks" \
  --state "$WORK/counters.json" --promtool "$PROMTOOL" ${PLAN_JSON:+--plan "$PLAN_JSON"}
fi
START=$(python3 -c "import json; print(json.load(open('$WORK/chunks/history.json'))['start'])")

python3 "$HERE/traffic.py" serve --port "$EXPORTER_PORT" --state "$WORK/counters.json" ${PLAN_JSON:+--plan "$PLAN_JSON"} &
PIDS+=($!)

start_prometheus() { # $1: name, $2: rule file or empty, $3: TSDB directory ($WORK/data)
  local name="$1" rules="$2" data="${3:-$WORK/data}"
  {
    echo "global:"
    echo "  scrape_interval: $INTERVAL"
    echo "  evaluation_interval: $INTERVAL"
    if [[ -n "$rules" ]]; then
      echo "rule_files: ['$rules']"
    fi
    echo "scrape_configs:"
    echo "  - job_name: myservice"
    echo "    honor_labels: true"
    echo "    static_configs: [{targets: ['127.0.0.1:$EXPORTER_PORT']}]"
  } > "$WORK/prometheus-$name.yml"
  PROM_STARTED=$(date +%s)
  "$PROMETHEUS" --config.file="$WORK/prometheus-$name.yml" --storage.tsdb.path="$data" \
    --storage.tsdb.retention.time=90d --web.listen-address="127.0.0.1:$PROM_PORT" \
    --enable-feature=promql-per-step-stats --log.level=warn > "$WORK/prometheus-$name.log" 2>&1 &
  PROM_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "$URL/-/ready" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$PROM_PID" 2>/dev/null || { cat "$WORK/prometheus-$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "run.sh: Prometheus not ready after 120s" >&2
  exit 1
}

stop_prometheus() {
  kill "$PROM_PID" 2>/dev/null || true
  wait "$PROM_PID" 2>/dev/null || true
  PROM_PID=""
}

# --- backfill the recorded series that long windows read ---------------------------------------------------------
if [[ "$REUSE" != 1 ]]; then
log "backfilling recorded series from $(date -u -d "@$START" +%FT%TZ) to $(date -u -d "@$END" +%FT%TZ)"
start_prometheus backfill ""
if [[ "$SLOS" == 0 ]]; then
step timeout 600 "$PROMTOOL" tsdb create-blocks-from rules --quiet --max-block-duration=24h --url "$URL" --start $(( START + 600 )) --end "$END" \
  --eval-interval "$INTERVAL" --output-dir "$WORK/rule-blocks" \
  "$WORK/backfill-slo4j.rules.yml" "$WORK/backfill-sloth.rules.yml"
else
  # promtool writes a block per rule and per --max-block-duration: 24h would make 9,000 blocks for 100 SLOs. The
  # longest range one query_range can cover at the group's interval (11,000 points) keeps it to about 1,300:
  # 72h for Sloth's 30s ratios, 31 days for slo4j's 5-minute tiles. The feeder compacts them all before measuring.
  step timeout 2400 "$PROMTOOL" tsdb create-blocks-from rules --quiet --max-block-duration=744h --url "$URL" \
    --start $(( START + 600 )) --end "$END" --eval-interval "$INTERVAL" --output-dir "$WORK/rule-blocks" \
    "$WORK/backfill-slo4j.rules.yml" > "$WORK/backfill-slo4j.log" 2>&1 \
    || { tail -20 "$WORK/backfill-slo4j.log" >&2; exit 1; }
  step timeout 2400 "$PROMTOOL" tsdb create-blocks-from rules --quiet --max-block-duration=72h --url "$URL" \
    --start $(( START + 600 )) --end "$END" --eval-interval "$INTERVAL" --output-dir "$WORK/rule-blocks" \
    "$WORK/backfill-sloth.rules.yml" > "$WORK/backfill-sloth.log" 2>&1 \
    || { tail -20 "$WORK/backfill-sloth.log" >&2; exit 1; }
fi
stop_prometheus
mv "$WORK"/rule-blocks/* "$WORK/data/"
fi
log "TSDB: $(du -sh "$WORK/data" | cut -f1), $(find "$WORK/data" -maxdepth 1 -name '01*' | wc -l) blocks"

# --- measure, many SLOs -------------------------------------------------------------------------------------------
if [[ "$SLOS" != 0 ]]; then
  FEED_URL="http://127.0.0.1:$FEED_PORT"
  {
    echo "global: {scrape_interval: $INTERVAL, evaluation_interval: $INTERVAL}"
    echo "scrape_configs:"
    echo "  - job_name: myservice"
    echo "    honor_labels: true"
    echo "    static_configs: [{targets: ['127.0.0.1:$EXPORTER_PORT']}]"
  } > "$WORK/prometheus-feeder.yml"
  log "feeder: rule-less Prometheus on the TSDB (compacts the backfilled blocks, scrapes the live counters)"
  FEED_STARTED=$(date +%s)
  "$PROMETHEUS" --config.file="$WORK/prometheus-feeder.yml" --storage.tsdb.path="$WORK/data" \
    --storage.tsdb.retention.time=90d --web.listen-address="127.0.0.1:$FEED_PORT" --web.enable-admin-api \
    --log.level=warn > "$WORK/prometheus-feeder.log" 2>&1 &
  FEED_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$FEED_URL/-/ready" >/dev/null 2>&1 && break
    kill -0 "$FEED_PID" 2>/dev/null || { cat "$WORK/prometheus-feeder.log" >&2; exit 1; }
    sleep 1
  done
  step python3 "$HERE/evalcost.py" settle --url "$FEED_URL" --settle 60 --started "$FEED_STARTED" --limit 1500
  log "TSDB after compaction: $(du -sh "$WORK/data" | cut -f1), $(find "$WORK/data" -maxdepth 1 -name '01*' | wc -l) blocks"
  snapshot() { # $1: target directory; the feeder's blocks and head as of now (hard links)
    local name
    name="$(curl -sf -XPOST "$FEED_URL/api/v1/admin/tsdb/snapshot" | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["name"])')"
    rm -rf "$1"
    mv "$WORK/data/snapshots/$name" "$1"
  }
  for gen in slo4j sloth; do
    [[ "$gen" == sloth && "$SKIP_SLOTH" == 1 ]] && continue
    log "$gen: Prometheus with $gen's rules for $SLOS SLOs on a snapshot of the feeder; settling, then $ROUNDS" \
      "evaluation rounds ($SLOW_ROUNDS of 5-minute groups); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    snapshot "$WORK/data-$gen"
    start_prometheus "$gen" "$WORK/$gen.rules.yml" "$WORK/data-$gen"
    step python3 "$HERE/evalcost.py" measure --url "$URL" --out "$WORK/$gen.json" --rounds "$ROUNDS" \
      --slow-rounds "$SLOW_ROUNDS" --started "$PROM_STARTED" --settle 60 --pid "$PROM_PID" \
      --timeout $(( 420 + SLOW_ROUNDS * 300 ))
    stop_prometheus
    [[ "$KEEP" == 1 ]] || rm -rf "$WORK/data-$gen"
  done
  kill "$FEED_PID" 2>/dev/null || true
  wait "$FEED_PID" 2>/dev/null || true
  FEED_PID=""
  {
    echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB;" \
      "$(java -version 2>&1 | head -1); $("$PROMETHEUS" --version 2>&1 | head -1); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Data: $(python3 -c "
import json; h = json.load(open('$WORK/chunks/history.json'))
print(f\"{(h['end'] - h['start']) / 86400:.2f} days, {h['samples']:,} samples backfilled ({h['openmetrics_bytes'] / 1e6:.0f} MB OpenMetrics, streamed by day), {len(h['incidents'])} incidents, 30s scrape and evaluation interval\")")"
    echo
    python3 "$HERE/evalcost.py" report --slo4j "$WORK/slo4j.json" --sloth "$WORK/sloth.json" --rules --slos "$SLOS"
  } | tee "$WORK/report.md"
  log "done; report in $WORK/report.md"
  exit 0
fi

# --- measure -----------------------------------------------------------------------------------------------------
log "slo4j: Prometheus with slo4j's rules; settling (startup compaction), then $ROUNDS evaluation rounds" \
  "($SLOW_ROUNDS of the tiles group)"
start_prometheus slo4j "$WORK/slo4j.rules.yml"
step python3 "$HERE/evalcost.py" measure --url "$URL" --out "$WORK/slo4j.json" --rounds "$ROUNDS" \
  --slow-rounds "$SLOW_ROUNDS" --started "$PROM_STARTED" --settle 75 --timeout $(( 420 + SLOW_ROUNDS * 300 ))
stop_prometheus

if [[ "$SKIP_SLOTH" != 1 ]]; then
log "Sloth: Prometheus with Sloth's rules (blocks already compacted); $ROUNDS evaluation rounds"
start_prometheus sloth "$WORK/sloth.rules.yml"
step python3 "$HERE/evalcost.py" measure --url "$URL" --out "$WORK/sloth.json" --rounds "$ROUNDS" \
  --started "$PROM_STARTED" --settle 30 --timeout 300
stop_prometheus
fi

# --- report ------------------------------------------------------------------------------------------------------
{
  echo "Data: $(python3 -c "
import json; h = json.load(open('$WORK/chunks/history.json'))
print(f\"{(h['end'] - h['start']) / 86400:.2f} days, {h['samples']:,} samples backfilled ({h['openmetrics_bytes'] / 1e6:.0f} MB OpenMetrics, streamed by day), 10 instances, 30s scrape and evaluation interval\")")"
  echo
  python3 "$HERE/evalcost.py" report --slo4j "$WORK/slo4j.json" --sloth "$WORK/sloth.json" --rules
} | tee "$WORK/report.md"
log "done; report in $WORK/report.md"
