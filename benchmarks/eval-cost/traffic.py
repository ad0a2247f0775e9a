#!/usr/bin/env python3
"""Synthetic HTTP traffic for the rule evaluation cost benchmark (benchmarks/eval-cost/run.sh).

One traffic model, two metric shapes over the same requests:

  slo4j:  slo4j_events_total{slo="requests-availability",slo_service="myservice",outcome="good"|"bad",instance,
                             job="myservice"}
  Sloth:  http_request_duration_seconds_count{job="myservice",code="200"|"404"|"429"|"500"|"503",instance}

10 instances, one sample per series every 30s. Each instance serves 32 to 48 req/s on average with a daily cycle
(+-60% around the mean, peak at 15:00 UTC) and 5% noise per scrape; 1.5% of requests are 404 (good), 0.04% are
errors (500/503/429, bad) plus a few short incidents (a few percent of errors for 10 to 40 minutes).

  history  writes the history in OpenMetrics text, one chunk (a day) at a time, and turns each chunk into TSDB
           blocks with `promtool tsdb create-blocks-from openmetrics` while the next chunk is generated; only two
           chunks exist on disk at any time. Saves the counters' final values to a state file.
  serve    serves the same counters live (Prometheus text format, loopback only), continuing from the state file,
           so that a Prometheus scraping it with honor_labels sees the same series carry on past the history.

With --plan (run.sh's SLOS=N mode, scale.py plan) both write the many-SLO model instead: per SLO and instance two
counters (good/bad requests, or all/within-threshold requests for latency SLOs) in four series, slo4j's shape and
Sloth's shared HTTP histogram with one handler label per SLO (ScaleCounters); a few incidents per service.
"""
import argparse
import http.server
import json
import math
import os
import random
import subprocess
import sys
import threading
import time

STEP = 30
INSTANCES = [f"myservice-{i}:8080" for i in range(10)]
JOB = "myservice"
SLO = "requests-availability"
# Share of requests per code when there is no incident; 429/500/503 are errors ("bad").
CODES = {"200": None, "404": 0.015, "429": 0.00006, "500": 0.00024, "503": 0.0001}
BAD_CODES = ("429", "500", "503")


def base_rate(i):
    return 32.0 + 16.0 * i / (len(INSTANCES) - 1)


def daily(t):
    # Peak at 15:00 UTC, trough at 03:00 UTC.
    return 1.0 + 0.6 * math.sin(2 * math.pi * ((t % 86400) - 9 * 3600) / 86400)


class Incidents:
    """A few deterministic incidents over the history: (start, end, extra error ratio)."""

    def __init__(self, start, end, seed=7):
        rnd = random.Random(seed)
        self.windows = []
        days = max(1, int((end - start) // 86400))
        for _ in range(max(1, days // 6)):
            s = start + rnd.uniform(0, end - start - 3600)
            self.windows.append((s, s + rnd.choice([600, 1200, 2400]), rnd.choice([0.005, 0.02, 0.05])))

    def extra(self, t):
        return sum(r for s, e, r in self.windows if s <= t < e)


class Counters:
    def __init__(self, t, values=None, seed=1):
        self.t = t  # time of the last sample
        self.rnd = random.Random(seed)
        self.v = values or {(inst, code): 0 for inst in INSTANCES for code in CODES}

    def step(self, t, incidents=None):
        """Advances every counter by the requests of (t - STEP, t]."""
        extra = incidents.extra(t) if incidents else 0.0
        d = daily(t)
        rnd = self.rnd
        for i, inst in enumerate(INSTANCES):
            total = base_rate(i) * d * STEP * max(0.5, rnd.gauss(1.0, 0.05))
            rest = 1.0
            for code, share in CODES.items():
                if share is None:
                    continue
                if code in BAD_CODES and extra:
                    share += extra / len(BAD_CODES)
                rest -= share
                x = total * share
                self.v[(inst, code)] += int(x + rnd.random())
            x = total * rest
            self.v[(inst, "200")] += int(x + rnd.random())
        self.t = t

    def slo4j(self, inst):
        good = sum(self.v[(inst, c)] for c in CODES if c not in BAD_CODES)
        bad = sum(self.v[(inst, c)] for c in BAD_CODES)
        return good, bad

    def save(self, path):
        with open(path, "w") as f:
            json.dump({"t": self.t, "v": [[i, c, n] for (i, c), n in self.v.items()]}, f)

    @staticmethod
    def load(path, seed):
        with open(path) as f:
            s = json.load(f)
        return Counters(s["t"], {(i, c): n for i, c, n in s["v"]}, seed)


def slo4j_labels(inst, outcome):
    return f'slo="{SLO}",slo_service="{JOB}",outcome="{outcome}",instance="{inst}",job="{JOB}"'


def sloth_labels(inst, code):
    return f'job="{JOB}",code="{code}",instance="{inst}"'


class ScaleIncidents:
    """The many-SLO mode's incidents: a few per service, each raising the bad share of that service's SLOs."""

    def __init__(self, start, end, services, seed=7):
        rnd = random.Random(seed)
        self.windows = []
        days = max(1, int((end - start) // 86400))
        for _ in range(max(1, days // 2)):
            s = start + rnd.uniform(0, end - start - 3600)
            self.windows.append((s, s + rnd.choice([600, 1200, 2400]), rnd.choice([0.005, 0.02, 0.05]),
                                 rnd.choice(services)))

    def extra(self, t):
        """{service: extra bad share} of the incidents running at t."""
        out = {}
        for s, e, r, svc in self.windows:
            if s <= t < e:
                out[svc] = out.get(svc, 0.0) + r
        return out


class ScaleCounters:
    """The many-SLO mode (SLOS=N, scale.py plan): per SLO and instance two counters, written in four series (two per
    generator).

    availability SLO: (i, "good") and (i, "bad") requests
        slo4j_events_total{slo,slo_service,outcome="good"|"bad",instance,job}
        http_request_duration_seconds_count{job,handler,code="200"|"500",instance}
    latency SLO: (i, "total") requests and (i, "fast") requests within the threshold
        slo4j_latency_seconds_count{slo,slo_service,instance,job}, slo4j_latency_seconds_bucket{...,le}
        http_request_duration_seconds_count{job,handler,code="200",instance}, http_request_duration_seconds_bucket{...,le}
    """

    def __init__(self, plan, t, values=None, seed=1):
        self.plan = plan
        self.t = t
        self.rnd = random.Random(seed)
        self.v = values or {(i, j, c): 0 for i, p in enumerate(plan) for j in range(len(p["instances"]))
                            for c in (("good", "bad") if p["kind"] == "availability" else ("total", "fast"))}

    def step(self, t, incidents=None):
        extra = incidents.extra(t) if incidents else {}
        d = daily(t)
        rnd = self.rnd
        v = self.v
        for i, p in enumerate(self.plan):
            share = p["bad"] + extra.get(p["service"], 0.0)
            for j in range(len(p["instances"])):
                total = int(p["rate"] * d * STEP * max(0.5, rnd.gauss(1.0, 0.05)) + rnd.random())
                bad = int(total * share + rnd.random())
                if p["kind"] == "availability":
                    v[(i, j, "good")] += total - bad
                    v[(i, j, "bad")] += bad
                else:
                    v[(i, j, "total")] += total
                    v[(i, j, "fast")] += total - bad
        self.t = t

    def series(self):
        """(metric name, labels, counter key) of every series, grouped by metric name."""
        out = {"slo4j_events_total": [], "slo4j_latency_seconds_count": [], "slo4j_latency_seconds_bucket": [],
               "http_request_duration_seconds_count": [], "http_request_duration_seconds_bucket": []}
        for i, p in enumerate(self.plan):
            svc = p["service"]
            for j, inst in enumerate(p["instances"]):
                s4 = f'slo="{p["name"]}",slo_service="{svc}",instance="{inst}",job="{svc}"'
                http = f'job="{svc}",handler="{p["handler"]}",instance="{inst}"'
                if p["kind"] == "availability":
                    out["slo4j_events_total"] += [(f'{s4},outcome="good"', (i, j, "good")),
                                                  (f'{s4},outcome="bad"', (i, j, "bad"))]
                    out["http_request_duration_seconds_count"] += [(f'{http},code="200"', (i, j, "good")),
                                                                   (f'{http},code="500"', (i, j, "bad"))]
                else:
                    out["slo4j_latency_seconds_count"].append((s4, (i, j, "total")))
                    out["slo4j_latency_seconds_bucket"].append((f'{s4},le="{p["le"]}"', (i, j, "fast")))
                    out["http_request_duration_seconds_count"].append((f'{http},code="200"', (i, j, "total")))
                    out["http_request_duration_seconds_bucket"].append(
                        (f'{http},code="200",le="{p["le"]}"', (i, j, "fast")))
        return out

    def save(self, path):
        with open(path, "w") as f:
            json.dump({"t": self.t, "v": [[i, j, c, n] for (i, j, c), n in self.v.items()]}, f)

    @staticmethod
    def load(plan, path, seed):
        with open(path) as f:
            s = json.load(f)
        return ScaleCounters(plan, s["t"], {(i, j, c): n for i, j, c, n in s["v"]}, seed)


def write_scale_chunk(path, counters, t_from, t_to, incidents):
    times = list(range(t_from + STEP, t_to + 1, STEP))
    hist = {k: [] for k in counters.v}
    for t in times:
        counters.step(t, incidents)
        for k, n in counters.v.items():
            hist[k].append(n)
    n = 0
    with open(path, "w", buffering=1 << 20) as f:
        for metric, series in counters.series().items():
            if not series:
                continue
            f.write(f"# TYPE {metric} unknown\n")
            for labels, key in series:
                name = metric + "{" + labels + "} "
                f.writelines([f"{name}{v} {t}\n" for v, t in zip(hist[key], times)])
                n += len(times)
        f.write("# EOF\n")
    return n


def write_chunk(path, counters, t_from, t_to, incidents):
    """Samples at t_from + STEP .. t_to, series by series, as OpenMetrics text."""
    times = list(range(t_from + STEP, t_to + 1, STEP))
    hist = {k: [] for k in counters.v}
    for t in times:
        counters.step(t, incidents)
        for k, n in counters.v.items():
            hist[k].append(n)
    with open(path, "w", buffering=1 << 20) as f:
        f.write("# TYPE slo4j_events counter\n")
        for inst in INSTANCES:
            for outcome, codes in (("good", [c for c in CODES if c not in BAD_CODES]), ("bad", BAD_CODES)):
                name = "slo4j_events_total{" + slo4j_labels(inst, outcome) + "} "
                cols = [hist[(inst, c)] for c in codes]
                f.writelines(f"{name}{sum(col[j] for col in cols)} {t}\n" for j, t in enumerate(times))
        f.write("# TYPE http_request_duration_seconds_count unknown\n")
        for inst in INSTANCES:
            for code in CODES:
                name = "http_request_duration_seconds_count{" + sloth_labels(inst, code) + "} "
                f.writelines(f"{name}{n} {t}\n" for n, t in zip(hist[(inst, code)], times))
        f.write("# EOF\n")
    return len(times) * (len(INSTANCES) * 2 + len(hist))


def history(args):
    end = args.end - args.end % STEP
    start = end - int(args.days * 86400)
    start -= start % STEP
    if args.plan:
        with open(args.plan) as f:
            plan = json.load(f)
        incidents = ScaleIncidents(start, end, sorted({p["service"] for p in plan}))
        counters = ScaleCounters(plan, start, seed=11)
        writer = write_scale_chunk
    else:
        incidents = Incidents(start, end)
        counters = Counters(start, seed=11)
        writer = write_chunk
    os.makedirs(args.work, exist_ok=True)
    chunk = 86400
    pending = None
    samples = 0
    size = 0
    t = start
    n = 0
    began = time.time()
    while t < end:
        t_to = min(end, (t // chunk + 1) * chunk)
        path = os.path.join(args.work, f"chunk-{n % 2}.om")
        samples += writer(path, counters, t, t_to, incidents)
        size += os.path.getsize(path)
        if pending is not None:
            wait(pending)
        cmd = [args.promtool, "tsdb", "create-blocks-from", "openmetrics", "--quiet",
               "--max-block-duration=24h", path, args.out]
        pending = (subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), path)
        t = t_to
        n += 1
    if pending is not None:
        wait(pending)
    counters.save(args.state)
    with open(os.path.join(args.work, "history.json"), "w") as f:
        json.dump({"start": start, "end": end, "samples": samples, "openmetrics_bytes": size, "chunks": n,
                   "incidents": incidents.windows}, f)
    print(f"history: {n} chunks, {samples} samples, {size / 1e6:.0f} MB of OpenMetrics text (streamed, "
          f"{time.time() - began:.0f}s), {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(start))} to "
          f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(end))}", flush=True)


def wait(pending):
    proc, path = pending
    _, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"promtool failed on {path}: {err.decode()}")
    os.remove(path)


def serve(args):
    if args.plan:
        return serve_scale(args)
    counters = Counters.load(args.state, seed=12)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            with lock:
                now = int(time.time())
                while counters.t + STEP <= now:
                    counters.step(counters.t + STEP)
                lines = ["# TYPE slo4j_events_total counter"]
                for inst in INSTANCES:
                    good, bad = counters.slo4j(inst)
                    lines.append("slo4j_events_total{" + slo4j_labels(inst, "good") + f"}} {good}")
                    lines.append("slo4j_events_total{" + slo4j_labels(inst, "bad") + f"}} {bad}")
                lines.append("# TYPE http_request_duration_seconds_count untyped")
                for inst in INSTANCES:
                    for code in CODES:
                        lines.append("http_request_duration_seconds_count{" + sloth_labels(inst, code) + "} "
                                     + str(counters.v[(inst, code)]))
            body = ("\n".join(lines) + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


def serve_scale(args):
    with open(args.plan) as f:
        counters = ScaleCounters.load(json.load(f), args.state, seed=12)
    series = counters.series()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            with lock:
                now = int(time.time())
                while counters.t + STEP <= now:
                    counters.step(counters.t + STEP)
                lines = []
                for metric, ss in series.items():
                    if ss:
                        lines.append(f"# TYPE {metric} untyped")
                        lines += [f"{metric}{{{labels}}} {counters.v[key]}" for labels, key in ss]
            body = ("\n".join(lines) + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("history")
    h.add_argument("--end", type=int, default=int(time.time()))
    h.add_argument("--days", type=float, default=30)
    h.add_argument("--out", required=True, help="TSDB directory the blocks go to")
    h.add_argument("--work", required=True, help="scratch directory for the OpenMetrics chunks")
    h.add_argument("--state", required=True)
    h.add_argument("--promtool", default="promtool")
    h.add_argument("--plan", help="scale.py's SLO plan (JSON): the many-SLO mode instead of the one SLO")
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--state", required=True)
    s.add_argument("--plan", help="scale.py's SLO plan (JSON), as given to history")
    a = p.parse_args()
    history(a) if a.mode == "history" else serve(a)


if __name__ == "__main__":
    main()
