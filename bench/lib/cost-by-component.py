#!/usr/bin/env python3
"""cost-by-component.py RESULTS_DIR TARGET...: where each target's CPU per request goes, by component.

Reads the JFR recordings of a bench/run or bench/team folder (jfr/windows.tsv: each recording's measured window) with
`jfr print`, and gives every execution sample of a measured window to the component of its innermost frame
outside the JDK (the library or our code that was running, or that called into the JDK). A component's share
of the samples times the target's median CPU per request (rounds.tsv) is its cost per request in ms; the
difference between two targets' columns is what the components cost on top of the other.
"""
import collections
import os
import re
import statistics
import subprocess
import sys

# First match wins: telemetry libraries before the frameworks they run inside.
COMPONENTS = [
    ("logging", r"^(ch\.qos\.logback|io\.opentelemetry\.instrumentation\.logback|org\.springframework\.boot\.logging|org\.slf4j)"),
    ("OpenTelemetry SDK and exporters", r"^(io\.opentelemetry\.(sdk|exporter)|okhttp3|okio)"),
    ("OpenTelemetry API and context", r"^io\.opentelemetry\.(api|context)"),
    ("OpenTelemetry instrumentation libraries", r"^io\.opentelemetry\.instrumentation"),
    ("Micrometer Tracing", r"^io\.micrometer\.tracing"),
    ("Micrometer meters, Prometheus", r"^(io\.micrometer\.core|io\.micrometer\.registry|io\.prometheus)"),
    ("Micrometer Observation, context propagation", r"^io\.micrometer\.(observation|common|context)"),
    ("our gateway", r"^io\.llmplatform\.gateway"),
    ("our telemetry-starter", r"^io\.llmplatform\.telemetry"),
    ("our GenAI observation", r"^io\.llmplatform\.genai"),
    ("our team services and model clients", r"^io\.llmplatform\.(team|sagemaker|vllm)"),
    ("AWS SDK", r"^software\.amazon\.awssdk"),
    ("Apache HttpClient", r"^org\.apache\.http"),
    ("Tomcat", r"^org\.apache\.(catalina|coyote|tomcat)"),
    ("resilience4j", r"^io\.github\.resilience4j"),
    ("Jackson", r"^(tools\.jackson|com\.fasterxml)"),
    ("Spring Cloud Gateway", r"^org\.springframework\.cloud"),
    ("Spring web and HTTP", r"^org\.springframework\.(web|http)"),
    ("Spring core, util, Boot", r"^org\.springframework"),
    ("Reactor Netty", r"^reactor\.netty"),
    ("Reactor", r"^reactor\."),
    ("Netty", r"^io\.netty"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in COMPONENTS]
JDK = re.compile(r"^(java|javax|jdk|sun|com\.sun)\.")
FRAME = re.compile(r"^\s+([\w.$<>]+)\(", re.M)
START = re.compile(r"startTime = (\d\d:\d\d:\d\d\.\d+)")


def component(frames):
    for frame in frames:
        if JDK.match(frame):
            continue
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
        return "other"
    return "JDK only"


def samples(recording, start, end):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording],
                          check=True, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout
    for event in text.split("jdk.ExecutionSample"):
        when = START.search(event)
        if when and start <= when.group(1) <= end:
            frames = FRAME.findall(event)
            if frames:
                yield frames


def cpu_per_request(results, target):
    with open(os.path.join(results, "rounds.tsv")) as rounds:
        header = rounds.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in rounds]
    values = [float(row["cpu_per_req_ms"]) for row in rows if row["target"] == target and row["status"] == "ok"]
    return statistics.median(values) if values else None


def main(results, targets):
    windows = collections.defaultdict(list)
    with open(os.path.join(results, "jfr", "windows.tsv")) as tsv:
        for line in tsv:
            target, recording, start, end = line.rstrip("\n").split("\t")
            windows[target].append((recording, start, end))
    columns = {}
    for target in targets:
        counts = collections.Counter()
        for recording, start, end in windows.get(target, []):
            counts.update(component(frames) for frames in samples(recording, start, end))
        cpu = cpu_per_request(results, target)
        total = sum(counts.values())
        if not total or cpu is None:
            sys.exit(f"no samples or no CPU per request for {target} in {results}")
        columns[target] = (cpu, total, {name: cpu * n / total for name, n in counts.items()})
    names = [name for name, _ in COMPONENTS] + ["other", "JDK only"]
    names = [n for n in names if any(n in c[2] for c in columns.values())]
    print("| component | " + " | ".join(f"{t} (ms per request)" for t in targets) + " |")
    print("| --- |" + " --- |" * len(targets))
    for name in sorted(names, key=lambda n: -columns[targets[0]][2].get(n, 0)):
        print(f"| {name} | " + " | ".join(f"{columns[t][2].get(name, 0):.3f}" for t in targets) + " |")
    print("| **all (median CPU per request)** | " + " | ".join(f"**{columns[t][0]:.3f}**" for t in targets) + " |")
    print("| samples | " + " | ".join(str(columns[t][1]) for t in targets) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
