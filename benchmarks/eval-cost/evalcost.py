#!/usr/bin/env python3
"""Helpers of benchmarks/eval-cost/run.sh: rule file extraction, measurement against a running Prometheus, report.

  extract  copies the recording rules named by --record (with their group and its interval) to a new rule file, the
           input of `promtool tsdb create-blocks-from rules`
  measure  waits for the TSDB to settle (startup compaction of the backfilled blocks), then follows /api/v1/rules until
           every group has been evaluated --rounds times (slow groups --slow-rounds times), reads prometheus_rule_group_* from
           /metrics, and runs every rule's expression as an instant query with stats=all to count the samples it reads
  report   prints the comparison table (Markdown) of two measure outputs
"""
import argparse
import datetime
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

import yaml


def get(url, params=None, timeout=120):
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def api(base, path, params=None):
    body = json.loads(get(base + path, params))
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]


def metrics(base):
    """Prometheus' own metrics as {(name, labels text): value}."""
    out = {}
    for line in get(base + "/metrics").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        name, _, labels = key.partition("{")
        try:
            out[(name, labels.rstrip("}"))] = float(value)
        except ValueError:
            pass
    return out


def metric(m, name):
    return sum(v for (n, _), v in m.items() if n == name)


def extract(args):
    with open(args.input) as f:
        doc = yaml.safe_load(f)
    wanted = set(args.record)
    groups = []
    for g in doc["groups"]:
        rules = [r for r in g["rules"] if r.get("record") in wanted]
        if rules:
            ng = {"name": g["name"]}
            if "interval" in g:
                ng["interval"] = g["interval"]
            ng["rules"] = rules
            groups.append(ng)
    found = {r["record"] for g in groups for r in g["rules"]}
    if found != wanted:
        sys.exit(f"extract: {sorted(wanted - found)} not found in {args.input}")
    with open(args.output, "w") as f:
        yaml.safe_dump({"groups": groups}, f, sort_keys=False, width=200)


def settle(base, minimum, started):
    """Waits until `minimum` seconds after start and until no compaction ran for 20s (backfilled blocks merged)."""
    while time.time() - started < minimum:
        time.sleep(2)
    last, stable_since = None, time.time()
    deadline = time.time() + 300
    while time.time() < deadline:
        m = metrics(base)
        state = (metric(m, "prometheus_tsdb_compactions_total"), metric(m, "prometheus_tsdb_blocks_loaded"))
        busy = metric(m, "prometheus_tsdb_compaction_populating_block") > 0
        if state != last or busy:
            last, stable_since = state, time.time()
        elif time.time() - stable_since >= 20:
            return {"compactions": state[0], "blocks_loaded": state[1]}
        time.sleep(2)
    return {"compactions": last[0], "blocks_loaded": last[1], "unsettled": True}


def measure(args):
    base = args.url.rstrip("/")
    started = args.started or time.time()
    tsdb = settle(base, args.settle, started)
    print(f"  settled: {tsdb}", flush=True)
    t0 = time.time()
    rounds = {}  # group -> {lastEvaluation: group snapshot}
    deadline = t0 + args.timeout
    while True:
        for g in api(base, "/api/v1/rules")["groups"]:
            ev = g.get("lastEvaluation", "")
            if not ev or ev.startswith("0001") or parse_ts(ev) < t0:
                continue
            rounds.setdefault(g["name"], {})[ev] = {
                "evaluationTime": g["evaluationTime"],
                "rules": [{"name": r["name"], "type": r["type"], "evaluationTime": r["evaluationTime"]}
                          for r in g["rules"]],
            }
        groups = api(base, "/api/v1/rules")["groups"]
        done = all(len(rounds.get(g["name"], {})) >= (args.rounds if g["interval"] <= 60 else args.slow_rounds)
                   for g in groups)
        if done or time.time() > deadline:
            break
        time.sleep(3)
    m = metrics(base)
    now = time.time()
    out = {"tsdb": tsdb, "groups": [], "checks": {}}
    # The data shape the rules read: series per metric and samples per series in the last 5 minutes and 30 days.
    for metric_name in ("slo4j_events_total", "http_request_duration_seconds_count"):
        for expr in (f"count(count_over_time({metric_name}[5m]))", f"avg(count_over_time({metric_name}[5m]))",
                     f"avg(count_over_time({metric_name}[30d]))"):
            res = api(base, "/api/v1/query", {"query": expr, "time": f"{now:.3f}"})["result"]
            out["checks"][expr] = float(res[0]["value"][1]) if res else None
    for g in groups:
        snaps = [rounds[g["name"]][k] for k in sorted(rounds.get(g["name"], {}))]
        key = next((lbl for (n, lbl) in m if n == "prometheus_rule_group_last_duration_seconds"
                    and lbl.endswith(';' + g["name"] + '"')), None)
        group = {
            "name": g["name"],
            "interval": g["interval"],
            "rounds": len(snaps),
            "evaluationTimes": [s["evaluationTime"] for s in snaps],
            "last_duration_metric": m.get(("prometheus_rule_group_last_duration_seconds", key)) if key else None,
            "last_evaluation_samples": m.get(("prometheus_rule_group_last_evaluation_samples", key)) if key else None,
            "rules": [],
        }
        for i, r in enumerate(g["rules"]):
            data = api(base, "/api/v1/query", {"query": r["query"], "time": f"{now:.3f}", "stats": "all"})
            stats = data.get("stats", {})
            group["rules"].append({
                "name": r["name"],
                "type": r["type"],
                "labels": r.get("labels", {}),
                "evaluationTimes": [s["rules"][i]["evaluationTime"] for s in snaps if i < len(s["rules"])],
                "samples": stats.get("samples", {}).get("totalQueryableSamples"),
                "peakSamples": stats.get("samples", {}).get("peakSamples"),
                "queryEvalSeconds": stats.get("timings", {}).get("evalTotalTime"),
                "resultSeries": len(data.get("result", [])) if isinstance(data.get("result"), list) else 1,
            })
        out["groups"].append(group)
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1)
    for g in out["groups"]:
        print(f"  {g['name']}: {g['rounds']} rounds, median {ms(med(g['evaluationTimes']))} ms, "
              f"{sum(r['samples'] or 0 for r in g['rules'])} samples", flush=True)


def parse_ts(s):
    """RFC 3339 with up to nanoseconds, as the rules API prints it; whole seconds are enough here."""
    main = s.split(".")[0].rstrip("Z")
    zone = "+00:00"
    for sign in "+-":
        if sign in s[19:]:
            zone = s[19:][s[19:].index(sign):]
    return datetime.datetime.fromisoformat(main[:19] + zone).timestamp()


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def ms(x):
    return f"{x * 1000:.2f}" if x == x else "n/a"


def label_of(r):
    w = r["labels"].get("sloth_window")
    sev = r["labels"].get("severity")
    if r["type"] == "alerting":
        return f"alert {r['name']} ({sev})"
    return r["name"] + (f" (sloth_window {w})" if w and w not in r["name"] else "")


def report(args):
    sides = []
    for name, path in (("slo4j", args.slo4j), ("Sloth", args.sloth)):
        with open(path) as f:
            sides.append((name, json.load(f)))
    for name, d in sides:
        c = d.get("checks", {})
        for metric_name in ("slo4j_events_total", "http_request_duration_seconds_count"):
            n = c.get(f"count(count_over_time({metric_name}[5m]))")
            per5m = c.get(f"avg(count_over_time({metric_name}[5m]))")
            per30d = c.get(f"avg(count_over_time({metric_name}[30d]))")
            if n is not None:
                print(f"- {name} run, {metric_name}: {n:.0f} series, {per5m:.1f} samples per series in the last 5m, "
                      f"{per30d:,.0f} in the last 30d")
    print()
    print("| Generator | Rule group | Interval | Rules | Evaluations seen | Evaluation time, median (min-max) "
          "| Samples read per evaluation |")
    print("|---|---|---|---|---|---|---|")
    totals = {}
    for name, d in sides:
        t_time = 0.0
        t_samples = 0
        per_min_samples = 0.0
        per_min_time = 0.0
        for g in d["groups"]:
            samples = sum(r["samples"] or 0 for r in g["rules"])
            et = g["evaluationTimes"]
            rng = f" ({ms(min(et))}-{ms(max(et))})" if et else ""
            print(f"| {name} | {g['name']} | {int(g['interval'])}s | {len(g['rules'])} | {g['rounds']} "
                  f"| {ms(med(et))} ms{rng} | {samples:,} |")
            t_time += med(et) if et else 0.0
            t_samples += samples
            per_min_samples += samples * 60 / g["interval"]
            per_min_time += (med(et) if et else 0.0) * 60 / g["interval"]
        t_min = sum(min(g["evaluationTimes"]) for g in d["groups"] if g["evaluationTimes"])
        totals[name] = (t_time, t_samples, per_min_samples, per_min_time, t_min)
        print(f"| **{name}** | **all groups, one evaluation each** | | | | **{ms(t_time)} ms** (fastest rounds: "
              f"{ms(t_min)} ms) | **{t_samples:,}** |")
    s, o = totals["slo4j"], totals["Sloth"]
    print()
    print(f"slo4j / Sloth, one evaluation of every group: time {s[0] / o[0]:.3f} of Sloth's by medians "
          f"({o[0] / s[0]:.1f}x less), {s[4] / o[4]:.3f} by fastest rounds; samples {s[1] / o[1]:.4f} "
          f"({o[1] / s[1]:.0f}x fewer)")
    print(f"per minute of wall time (groups at their intervals): slo4j {ms(s[3])} ms and {s[2]:,.0f} samples, "
          f"Sloth {ms(o[3])} ms and {o[2]:,.0f} samples")
    if args.rules:
        print()
        print("| Generator | Rule | Samples read | Evaluation time in the group, median | Same query alone (stats) |")
        print("|---|---|---|---|---|")
        for name, d in sides:
            for g in d["groups"]:
                for r in g["rules"]:
                    q = r["queryEvalSeconds"]
                    print(f"| {name} | {label_of(r)} | {r['samples'] or 0:,} | {ms(med(r['evaluationTimes']))} ms "
                          f"| {ms(q) + ' ms' if q is not None else 'n/a'} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--in", dest="input", required=True)
    e.add_argument("--out", dest="output", required=True)
    e.add_argument("--record", action="append", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--url", required=True)
    m.add_argument("--out", dest="output", required=True)
    m.add_argument("--rounds", type=int, default=4)
    m.add_argument("--slow-rounds", type=int, default=1, help="rounds of groups with an interval above 1m")
    m.add_argument("--settle", type=float, default=75, help="seconds after start before measuring")
    m.add_argument("--started", type=float, help="when Prometheus started (unix seconds)")
    m.add_argument("--timeout", type=float, default=400)
    r = sub.add_parser("report")
    r.add_argument("--slo4j", required=True)
    r.add_argument("--sloth", required=True)
    r.add_argument("--rules", action="store_true", help="also a table per rule")
    a = p.parse_args()
    {"extract": extract, "measure": measure, "report": report}[a.mode](a)


if __name__ == "__main__":
    main()
