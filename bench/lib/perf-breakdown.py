#!/usr/bin/env python3
"""perf-breakdown.py [--frequency HZ] NAME=SCRIPT:REQUESTS...: bench/perf's report, in Markdown on stdout.

SCRIPT is `perf script -F comm,tid,ip,sym` of a `perf record -g` of one target under load, REQUESTS the requests
it served meanwhile. Every sample is CPU time of 1/HZ s; a cell is milliseconds per request (samples / requests /
HZ), so that targets of different speeds compare. Tables: by thread group (the names bench/run's threads.tsv
groups by), the event loop's samples by the innermost telemetry frame on their stack, and per target the telemetry
calls the event loop pays for and the exporters' hottest frames.
"""
import collections
import os
import re
import sys

def read_thread_groups():
    """The thread groups of bench/run's threads.tsv: (label, pattern) from thread-groups.tsv, beside this script."""
    groups = []
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'thread-groups.tsv')) as tsv:
        for line in tsv:
            fields = line.rstrip('\n').split('\t')
            if not line.startswith('#') and len(fields) == 2:
                groups.append((fields[0], fields[1]))
    return groups


THREAD_GROUPS = read_thread_groups()

# The innermost frame of one of these on a stack names what the sample was spent for.
CATEGORIES = [
    ('OpenTelemetry SDK', r'io\.opentelemetry\.sdk\.'),
    ('OpenTelemetry exporters', r'io\.opentelemetry\.exporter\.'),
    ('OpenTelemetry Logback appender', r'io\.opentelemetry\.instrumentation\.'),
    ('OpenTelemetry API and context', r'io\.opentelemetry\.(api|context)\.'),
    ('Micrometer Tracing', r'io\.micrometer\.tracing\.'),
    ('Prometheus client', r'io\.prometheus\.'),
    ('Micrometer meters', r'io\.micrometer\.core\.'),
    ('Logback', r'ch\.qos\.logback\.'),
    ('our telemetry-starter', r'io\.llmplatform\.telemetry\.'),
    ('our gateway', r'io\.llmplatform\.gateway\.'),
    ('kernel (system calls)', r'^(entry_SYSCALL|do_syscall)'),
]
TELEMETRY = re.compile(r'io\.opentelemetry\.|io\.micrometer\.(tracing|core)\.|ch\.qos\.logback\.|io\.prometheus\.')


def load(path):
    """The samples of a perf script file: (thread name, frames from the innermost out)."""
    samples, comm, frames = [], None, []
    with open(path, errors='replace') as lines:
        for line in lines:
            if not line.strip():
                if comm is not None:
                    samples.append((comm, frames))
                comm, frames = None, []
            elif line[0] not in ' \t':
                comm, frames = re.sub(r'\s+\d+\s*$', '', line.rstrip()), []
            else:
                parts = line.strip().split(' ', 1)
                frames.append(parts[1] if len(parts) > 1 else '?')
    if comm is not None:
        samples.append((comm, frames))
    return samples


def method(frame):
    """A frame without its return type, parameters and the JIT's lambda numbering."""
    name = re.sub(r'\(.*', '', frame).split(' ')[-1]
    return re.sub(r'\$\$Lambda\$\d+/0x[0-9a-f]+', '$$Lambda', name)


def thread_group(comm):
    return next((name for name, pattern in THREAD_GROUPS if re.search(pattern, comm)), 'other')


def category(frames):
    for frame in frames:
        hit = next((name for name, pattern in CATEGORIES if re.search(pattern, frame)), None)
        if hit:
            return hit
    return 'the frameworks (Netty, Reactor, Spring, JDK)'


def table(title, rows, names, per_request):
    print(f'### {title}\n')
    print('| | ' + ' | '.join(names) + ' |')
    print('| --- |' + ' --- |' * len(names))
    order = sorted(rows, key=lambda row: -max(rows[row].values()))
    for row in order:
        print(f'| {row} | ' + ' | '.join('%.4f' % per_request(name, rows[row].get(name, 0)) for name in names) + ' |')
    print('| **all** | ' + ' | '.join('%.4f' % per_request(name, sum(rows[row].get(name, 0) for row in rows))
                                     for name in names) + ' |\n')


def main(argv):
    frequency = 499
    if argv[:1] == ['--frequency']:
        frequency, argv = int(argv[1]), argv[2:]
    targets = {}
    for arg in argv:
        name, rest = arg.split('=', 1)
        path, requests = rest.rsplit(':', 1)
        targets[name] = (load(path), int(requests))
    names = list(targets)

    def per_request(name, samples):
        return samples * 1000.0 / frequency / targets[name][1]

    by_thread = collections.defaultdict(collections.Counter)
    by_category = collections.defaultdict(collections.Counter)
    for name, (samples, _) in targets.items():
        for comm, frames in samples:
            group = thread_group(comm)
            by_thread[group][name] += 1
            if group == 'event loop':
                by_category[category(frames)][name] += 1
    print(f'## Where the CPU went, by perf ({frequency} Hz; ms per request)\n')
    print('Requests: ' + ', '.join(f'{name} {targets[name][1]:,}' for name in names) + '.\n')
    table('By thread', by_thread, names, per_request)
    table('The event loop, by the innermost telemetry frame of each sample', by_category, names, per_request)

    for name, (samples, _) in targets.items():
        calls, export = collections.Counter(), collections.Counter()
        for comm, frames in samples:
            group = thread_group(comm)
            if group == 'event loop':
                telemetry = [i for i, frame in enumerate(frames) if TELEMETRY.search(frame)]
                if telemetry:
                    outer = max(telemetry)
                    caller = method(frames[outer + 1]) if outer + 1 < len(frames) else '?'
                    calls[f'`{method(frames[outer])}` from `{caller}`'] += 1
            elif group == 'OpenTelemetry export' and frames:
                export[f'`{method(frames[0])}` ({re.sub(r"[0-9#]+$", "", comm).strip()})'] += 1
        if not calls and not export:
            continue
        print(f'### {name}: telemetry calls on the event loop, exporters\' hottest frames (ms per request)\n')
        for title, counter in (('telemetry call (outermost frame) from its caller, inclusive', calls),
                               ('exporter thread\'s own frame', export)):
            if counter:
                print(f'| {title} | ms |\n| --- | --- |')
                for key, count in counter.most_common(12):
                    print(f'| {key} | {per_request(name, count):.4f} |')
                print()


if __name__ == '__main__':
    main(sys.argv[1:])
