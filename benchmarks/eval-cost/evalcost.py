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


def settle(base, minimum, started, limit=300):
    """Waits until `minimum` seconds after start and until no compaction ran for 20s (backfilled blocks merged)."""
    while time.time() - started < minimum:
        time.sleep(2)
    last, stable_since = None, time.time()
    deadline = time.time() + limit
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


def memory(base, pid):
    """The Prometheus process's memory now: /proc/PID/status and its own metrics."""
    out = {"loadavg": open("/proc/loadavg").read().split()[:3]}
    if pid:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmHWM", "VmRSS"):
                    out[k + "_kB"] = int(v.split()[0])
    m = metrics(base)
    for name in ("process_resident_memory_bytes", "prometheus_tsdb_head_series", "go_memstats_heap_inuse_bytes",
                 "go_memstats_alloc_bytes", "prometheus_tsdb_head_chunks"):
        out[name] = metric(m, name)
    return out


def settle_only(args):
    print(f"  settled: {settle(args.url.rstrip('/'), args.settle, args.started or time.time(), args.limit)}", flush=True)


def measure(args):
    base = args.url.rstrip("/")
    started = args.started or time.time()
    tsdb = settle(base, args.settle, started)
    print(f"  settled: {tsdb}", flush=True)
    mem_start = memory(base, args.pid)
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
    mem_rounds = memory(base, args.pid)
    m = metrics(base)
    now = time.time()
    out = {"tsdb": tsdb, "groups": [], "checks": {}, "memory": {"start": mem_start, "after_rounds": mem_rounds},
           "measured_seconds": now - t0}
    # The data shape the rules read: series per metric and samples per series in the last 5 minutes and 30 days.
    for metric_name in ("slo4j_events_total", "http_request_duration_seconds_count", "slo4j_latency_seconds_count",
                        "http_request_duration_seconds_bucket"):
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
    out["memory"]["after_queries"] = memory(base, args.pid)
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1)
    if len(out["groups"]) <= 10:
        for g in out["groups"]:
            print(f"  {g['name']}: {g['rounds']} rounds, median {ms(med(g['evaluationTimes']))} ms, "
                  f"{sum(r['samples'] or 0 for r in g['rules'])} samples", flush=True)
    else:
        print(f"  {len(out['groups'])} groups, {min(g['rounds'] for g in out['groups'])} rounds at least, "
              f"sum of medians {ms(sum(med(g['evaluationTimes']) for g in out['groups'] if g['evaluationTimes']))} ms, "
              f"{sum(r['samples'] or 0 for g in out['groups'] for r in g['rules']):,} samples; "
              f"memory after the rounds {out['memory']['after_rounds']}", flush=True)


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


def group_kind(name):
    """The role of a group in the many-SLO mode, from its name (slo4j-<service>-<slo>[-tiles], sloth-slo-*-<id>)."""
    if name.startswith("sloth-slo-sli-recordings-"):
        return "Sloth SLI recordings (30s)"
    if name.startswith("sloth-slo-meta-recordings-"):
        return "Sloth metadata (30s)"
    if name.startswith("sloth-slo-alerts-"):
        return "Sloth alerts (30s)"
    return "slo4j tiles, 3d, 30d, budget, ticket (5m)" if name.endswith("-tiles") else "slo4j page windows, page (30s)"


def slo_kind(name):
    return "latency" if "-latency-" in name else "availability"


def totals(d):
    """Sums over groups: one evaluation of every group, per 30s interval, samples; per group kind and SLO kind."""
    out = {}
    for g in d["groups"]:
        et = g["evaluationTimes"]
        samples = sum(r["samples"] or 0 for r in g["rules"])
        for key in ("all", group_kind(g["name"]), slo_kind(g["name"])):
            t = out.setdefault(key, {"groups": 0, "rules": 0, "records": 0, "recorded_series": 0, "time": 0.0,
                                     "time_min": 0.0, "per30s": 0.0, "samples": 0, "samples30s": 0.0, "rounds": []})
            t["groups"] += 1
            t["rules"] += len(g["rules"])
            t["records"] += sum(1 for r in g["rules"] if r["type"] == "recording")
            t["recorded_series"] += sum(r["resultSeries"] for r in g["rules"] if r["type"] == "recording")
            t["time"] += med(et) if et else 0.0
            t["time_min"] += min(et) if et else 0.0
            t["per30s"] += (med(et) if et else 0.0) * 30 / g["interval"]
            t["samples"] += samples
            t["samples30s"] += samples * 30 / g["interval"]
            t["rounds"].append(g["rounds"])
    return out


def report_scale(args):
    n = args.slos
    sides = []
    for name, path in (("slo4j", args.slo4j), ("Sloth", args.sloth)):
        with open(path) as f:
            sides.append((name, json.load(f)))
    for name, d in sides:
        c = d.get("checks", {})
        for metric_name in ("slo4j_events_total", "slo4j_latency_seconds_count", "http_request_duration_seconds_count",
                            "http_request_duration_seconds_bucket"):
            k = c.get(f"count(count_over_time({metric_name}[5m]))")
            if k is not None:
                print(f"- {name} run, {metric_name}: {k:.0f} series, "
                      f"{c.get(f'avg(count_over_time({metric_name}[5m]))'):.1f} samples per series in the last 5m, "
                      f"{c.get(f'avg(count_over_time({metric_name}[30d]))'):,.0f} in the last 30d")
    print()
    print(f"Rule groups by role, {n} SLOs (evaluation time: the sum over the groups of each group's median):")
    print()
    print("| Generator | Groups | Rules (recording) | Evaluations seen per group | One evaluation of each, time "
          "| Samples read per evaluation |")
    print("|---|---|---|---|---|---|")
    tot = {}
    for name, d in sides:
        t = totals(d)
        tot[name] = t
        for key in sorted(k for k in t if k not in ("all", "availability", "latency")):
            x = t[key]
            print(f"| {key} | {x['groups']} | {x['rules']} ({x['records']}) | {min(x['rounds'])}-{max(x['rounds'])} "
                  f"| {ms(x['time'])} ms | {x['samples']:,} |")
        a = t["all"]
        print(f"| **{name}, all** | **{a['groups']}** | **{a['rules']} ({a['records']})** | "
              f"{min(a['rounds'])}-{max(a['rounds'])} | **{ms(a['time'])} ms** (fastest rounds {ms(a['time_min'])} ms) "
              f"| **{a['samples']:,}** |")
    print()
    print(f"Growth: {n} SLOs measured; per SLO = /{n}; per 1,000 SLOs = x{1000 / n:g} (an extrapolation, linear in "
          f"the number of SLOs)")
    print()
    print("| Generator | Per 30s interval: time | per minute: time | Samples per 30s interval | per minute "
          "| Per SLO: time per 30s / samples per 30s | Per 1,000 SLOs (extrapolated): time per 30s / per minute "
          "/ samples per 30s | Recording rules / recorded series |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _ in sides:
        a = tot[name]["all"]
        k = 1000 / n
        print(f"| {name} | {ms(a['per30s'])} ms | {ms(a['per30s'] * 2)} ms | {a['samples30s']:,.0f} "
              f"| {a['samples30s'] * 2:,.0f} | {ms(a['per30s'] / n)} ms / {a['samples30s'] / n:,.0f} "
              f"| {a['per30s'] * k:.2f} s / {a['per30s'] * 2 * k:.2f} s / {a['samples30s'] * k / 1e6:,.1f} M "
              f"| {a['records']:,} / {a['recorded_series']:,} |")
    s, o = tot["slo4j"]["all"], tot["Sloth"]["all"]
    print()
    print(f"slo4j / Sloth: time per 30s interval {s['per30s'] / o['per30s']:.3f} ({o['per30s'] / s['per30s']:.1f}x "
          f"less); one evaluation of every group {s['time'] / o['time']:.3f} by medians, "
          f"{s['time_min'] / o['time_min']:.3f} by fastest rounds; samples per 30s interval "
          f"{s['samples30s'] / o['samples30s']:.4f} ({o['samples30s'] / s['samples30s']:.0f}x fewer), per evaluation "
          f"of every group {s['samples'] / o['samples']:.4f}")
    print()
    print("By SLO kind (per SLO of the kind; per 30s interval):")
    print()
    print("| Generator | SLO kind | SLOs | Time per SLO | Samples per SLO |")
    print("|---|---|---|---|---|")
    for name, _ in sides:
        for kind in ("availability", "latency"):
            x = tot[name].get(kind)
            if x:
                k = x["groups"] // (2 if name == "slo4j" else 3)
                print(f"| {name} | {kind} | {k} | {ms(x['per30s'] / k)} ms | {x['samples30s'] / k:,.0f} |")
    print()
    print("Memory of the Prometheus process (same TSDB, same scraped series; only the rules differ):")
    print()
    print("| Generator | When | VmRSS | VmHWM (peak RSS) | process_resident_memory_bytes | Go heap in use "
          "| prometheus_tsdb_head_series | load average (1, 5, 15 min) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, d in sides:
        for when, label in (("start", "after settling"), ("after_rounds", "after the evaluation rounds"),
                            ("after_queries", "after the per-rule stats queries")):
            x = d.get("memory", {}).get(when)
            if not x:
                continue
            print(f"| {name} | {label} | {x.get('VmRSS_kB', 0) / 1024:.0f} MiB | {x.get('VmHWM_kB', 0) / 1024:.0f} MiB "
                  f"| {x['process_resident_memory_bytes'] / 2**20:.0f} MiB "
                  f"| {x['go_memstats_heap_inuse_bytes'] / 2**20:.0f} MiB | {x['prometheus_tsdb_head_series']:,.0f} "
                  f"| {' '.join(x['loadavg'])} |")
    if args.rules:
        print()
        print(f"Per rule, summed over the {n} SLOs (samples read by one evaluation; evaluation time in the group, "
              "sum of the per-SLO medians):")
        print()
        print("| Generator | Rule | SLOs | Samples read, all SLOs | Evaluation time, all SLOs |")
        print("|---|---|---|---|---|")
        for name, d in sides:
            rows = {}
            for g in d["groups"]:
                for r in g["rules"]:
                    label = (f"alert ({r['labels'].get('severity')})" if r["type"] == "alerting"
                             else r["name"])
                    x = rows.setdefault(label, [0, 0, 0.0])
                    x[0] += 1
                    x[1] += r["samples"] or 0
                    x[2] += med(r["evaluationTimes"]) if r["evaluationTimes"] else 0.0
            for label, (k, smp, t) in rows.items():
                print(f"| {name} | {label} | {k} | {smp:,} | {ms(t)} ms |")


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
    m.add_argument("--pid", type=int, help="the Prometheus process, for its RSS from /proc")
    st = sub.add_parser("settle")
    st.add_argument("--url", required=True)
    st.add_argument("--settle", type=float, default=60)
    st.add_argument("--started", type=float)
    st.add_argument("--limit", type=float, default=300, help="seconds to wait for compactions to stop at most")
    r = sub.add_parser("report")
    r.add_argument("--slo4j", required=True)
    r.add_argument("--sloth", required=True)
    r.add_argument("--rules", action="store_true", help="also a table per rule")
    r.add_argument("--slos", type=int, help="the many-SLO mode: totals by group role, per SLO and per 1,000 SLOs")
    a = p.parse_args()
    if a.mode == "report" and a.slos:
        report_scale(a)
        return
    {"extract": extract, "measure": measure, "report": report, "settle": settle_only}[a.mode](a)


if __name__ == "__main__":
    main()
