#!/usr/bin/env bash
# Runs the benchmark workloads (benchmarks/workloads/workloads.tsv) natively, under qemu-x86_64
# and under jvmx in one run, alternating native, qemu, jvmx, native, qemu, jvmx ... so load on
# the machine falls on all three alike; prints median wall times, the ratios jvmx/native,
# jvmx/qemu, qemu/native and their geometric means, with the machine and versions above them.
# Every run's stdout and exit status must equal the first native run's, or the run is FAIL and
# not timed. Raw times go to benchmarks/results/ (gitignored) as CSV and JSON.
#
# Usage: benchmarks/side-by-side.sh [--quick] [--runs N] [--only NAME[,NAME...]] [--timeout S]
#            [--jvmx-args "ARGS"] [--jit MODE] [--jit-threshold N] [--qemu-args "ARGS"]
#            [--no-qemu] [--no-jvmx] [--no-snapshot]
#   --quick              the QUICK sizes of workloads.tsv (seconds under the interpreter)
#   --runs N             timed runs per workload and runner (default 5)
#   --only NAMES         only these workloads (comma-separated, or --only repeated)
#   --timeout S          a run taking longer is killed and reported TIMEOUT (default 300)
#   --jvmx-args "ARGS"   passed to `jvmx run` before the program, as given
#   --jit MODE, --jit-threshold N
#                        passed to `jvmx run` as --jit=MODE / --jit-threshold=N when its --help
#                        lists them; otherwise a note says so and jvmx runs its default
#   --qemu-args "ARGS"   passed to qemu-x86_64 before the program (e.g. "-cpu max")
#   --no-qemu, --no-jvmx skip that runner (its columns show "-"), e.g. to time native alone
#
#   --no-snapshot        run ./jvmx in place instead of from a snapshot (see below)
#
# Before timing, the workloads are checked against their recorded sources (rebuilt when gcc is
# there, else the run stops) and ./jvmx is built once. The timed runs then use a snapshot of
# that build - the unchanged launcher with the jars beside it, copied to a temporary directory
# and run with JVMX_NO_BUILD=1 - so neither an edit in the tree nor someone else's rebuild of
# cli/target can change or break jvmx in the middle of the run.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
command -v python3 >/dev/null || { echo "side-by-side.sh: needs python3" >&2; exit 127; }
exec python3 - "$ROOT" "$@" <<'PYTHON'
import datetime, json, math, os, platform, re, resource, shlex, shutil, signal, statistics
import subprocess, sys, time

ROOT = sys.argv[1]
ARGS = sys.argv[2:]
BENCH = os.path.join(ROOT, "benchmarks")
WORK = os.path.join(BENCH, "workloads")
RUNNERS = ("native", "qemu", "jvmx")


def die(msg, code=2):
    print(f"side-by-side.sh: {msg}", file=sys.stderr)
    sys.exit(code)


def note(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- options ---------------------------------------------------------------------------------
opt = dict(quick=False, runs=5, only=[], timeout=300.0, jvmx_args=[], jit=None,
           jit_threshold=None, qemu_args=[], qemu=True, jvmx=True, snapshot=True)
i = 0
def value():
    global i
    if i + 1 >= len(ARGS):
        die(f"{ARGS[i]} needs a value")
    i += 1
    return ARGS[i]
while i < len(ARGS):
    a = ARGS[i]
    name, eq, inline = a.partition("=")
    if eq and name in ("--runs", "--only", "--timeout", "--jvmx-args", "--jit", "--jit-threshold",
                       "--qemu-args"):
        ARGS[i:i + 1] = [name, inline]
        a = name
    if a == "--quick": opt["quick"] = True
    elif a == "--no-qemu": opt["qemu"] = False
    elif a == "--no-jvmx": opt["jvmx"] = False
    elif a == "--no-snapshot": opt["snapshot"] = False
    elif a == "--runs":
        v = value()
        if not v.isdigit() or int(v) < 1: die("--runs needs a positive integer")
        opt["runs"] = int(v)
    elif a == "--only": opt["only"] += [n for n in value().split(",") if n]
    elif a == "--timeout":
        try: opt["timeout"] = float(value())
        except ValueError: die("--timeout needs a number of seconds")
    elif a == "--jvmx-args": opt["jvmx_args"] += shlex.split(value())
    elif a == "--jit": opt["jit"] = value()
    elif a == "--jit-threshold": opt["jit_threshold"] = value()
    elif a == "--qemu-args": opt["qemu_args"] += shlex.split(value())
    elif a in ("-h", "--help"):
        with open(os.path.join(BENCH, "side-by-side.sh")) as f:
            for line in f.readlines()[1:]:
                if not line.startswith("#"): break
                print(line[2:].rstrip())
        sys.exit(0)
    else: die(f"unknown option {a} (see --help)")
    i += 1

# ---- workloads -------------------------------------------------------------------------------
workloads = []  # (name, size)
baselines = set()  # workloads listed apart and left out of the geometric means
with open(os.path.join(WORK, "workloads.tsv")) as f:
    for line in f:
        if line.startswith("#") or not line.split(): continue
        name, default, quick, role = (line.split() + ["bench"])[:4]
        workloads.append((name, quick if opt["quick"] else default))
        if role == "baseline": baselines.add(name)
known = [w[0] for w in workloads]
for n in opt["only"]:
    if n not in known: die(f"--only {n}: no such workload (have: {', '.join(known)})")
if opt["only"]:
    workloads = [w for w in workloads if w[0] in opt["only"]]


def capture(cmd, **kw):
    """Runs cmd to the end: (exit status, stdout, stderr). Ctrl-C stops it and all it started."""
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, errors="replace",
                             start_new_session=True, **kw)
    except OSError as e:
        return 127, "", str(e)
    try:
        out, err = p.communicate()
    except KeyboardInterrupt:  # in its own session, so Ctrl-C did not reach it
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        sys.exit(130)
    return p.returncode, out, err


def first_line(text, default="?"):
    for line in text.splitlines():
        if line.strip(): return line.strip()
    return default


build = os.path.join(WORK, "build.sh")
rc, _, err = capture([build, "--check"])
if rc != 0:
    note(err.rstrip())
    if shutil.which("gcc"):
        note("side-by-side.sh: rebuilding the workloads (benchmarks/workloads/build.sh)")
        rc, out, err = capture([build])
        if rc != 0: die(f"workloads/build.sh failed:\n{err}", 1)
    else:
        die("the workload binaries are stale and gcc is missing; run benchmarks/workloads/build.sh "
            "where gcc is installed", 1)

qemu = shutil.which("qemu-x86_64")
if opt["qemu"] and not qemu:
    die("qemu-x86_64 not found (apt-get install qemu-user), or pass --no-qemu", 1)

# ---- jvmx: build once, then run that build ---------------------------------------------------
JVMX = os.path.join(ROOT, "jvmx")
jvmx_env = dict(os.environ)
jvmx_build_note = "built from the working tree"
if opt["jvmx"]:
    note("side-by-side.sh: building jvmx if needed (./jvmx --version) ...")
    rc, out, err = capture([JVMX, "--version"], cwd=ROOT)
else:
    rc, out, err = 0, "", ""
    jvmx_build_note = "not run (--no-jvmx)"
if rc != 0:
    jar = os.path.join(ROOT, "cli", "target", "jvmx-cli.jar")
    if not os.path.exists(jar):
        die(f"./jvmx could not be built and there is no earlier build:\n{err}", 1)
    why = [l.strip() for l in err.splitlines() if re.search(r"ERROR.*\.java|error:", l)]
    why = why or [l.strip() for l in err.splitlines() if "failed" in l] or [first_line(err)]
    jvmx_build_note = f"STALE: the working tree did not build ({why[0]}); using the earlier build in cli/target"
    note("side-by-side.sh: WARNING: " + jvmx_build_note)
jvmx_env["JVMX_NO_BUILD"] = "1"


def snapshot_jvmx():
    """Copies the launcher and the built jars to a temporary directory; returns its launcher."""
    import atexit, tempfile
    snap = tempfile.mkdtemp(prefix="jvmx-bench-")
    atexit.register(shutil.rmtree, snap, ignore_errors=True)
    for attempt in range(3):
        for rel in ("jvmx", "scripts/find-jdk.sh", "cli/target/jvmx-cli.jar", "cli/target/lib"):
            src, dst = os.path.join(ROOT, rel), os.path.join(snap, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.isdir(src):
                shutil.rmtree(dst, ignore_errors=True)
                shutil.copytree(src, dst)
            else:
                shutil.copy2(src, dst)
        launcher = os.path.join(snap, "jvmx")
        rc, out, _ = capture([launcher, "--version"], cwd=ROOT, env=jvmx_env)
        if rc == 0:
            return launcher, first_line(out)
        time.sleep(5)  # caught someone else's build half-way: copy again
    die("could not take a working snapshot of jvmx's build (cli/target); try --no-snapshot", 1)


jvmx_version = first_line(out, "?") if rc == 0 else "?"
if opt["jvmx"] and opt["snapshot"]:
    JVMX, jvmx_version = snapshot_jvmx()
    jvmx_build_note += "; timed from a snapshot of that build"
rc, help_out, help_err = (capture([JVMX, "run", "--help"], cwd=ROOT, env=jvmx_env)
                          if opt["jvmx"] else (0, "", ""))
help_text = help_out + help_err
jvmx_flags, jvmx_notes = list(opt["jvmx_args"]), []
for flag, val in (("--jit", opt["jit"]), ("--jit-threshold", opt["jit_threshold"])):
    if val is None: continue
    if re.search(re.escape(flag) + r"(?![\w-])", help_text):
        jvmx_flags.append(f"{flag}={val}")
    else:
        jvmx_notes.append(f"`jvmx run` has no {flag} yet: ran its default instead of {flag}={val}")
for n in jvmx_notes: note("side-by-side.sh: " + n)
has_jit = re.search(r"--jit(?![\w-])", help_text) is not None
if not opt["jvmx"]: tier = "not run"
elif not has_jit: tier = "interpreter only (tier 0; `jvmx run` has no --jit option in this build)"
elif any(f.startswith("--jit") for f in jvmx_flags): tier = "tiers as the flags select"
else: tier = "its default tiers (no --jit given)"

# ---- the machine -----------------------------------------------------------------------------
def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"): return line.split(":", 1)[1].strip()
    except OSError: pass
    return platform.processor() or "?"


def os_name():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="): return line.split("=", 1)[1].strip().strip('"')
    except OSError: pass
    return platform.system()


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 1048576:.1f} GiB"
    except (OSError, ValueError, IndexError): return "?"


def java_version():
    rc, out, err = capture(["bash", "-c", '. scripts/find-jdk.sh && jvmx_find_jdk && '
                            '"$JVMX_JAVA_HOME/bin/java" -version'], cwd=ROOT)
    return first_line(err + out) if rc == 0 else "? (no JDK 25 found)"


def git(*a):
    rc, out, _ = capture(["git", "-C", ROOT] + list(a))
    return out.strip() if rc == 0 else ""


commit = git("rev-parse", "--short=12", "HEAD") or "?"
dirty = git("status", "--porcelain", "--untracked-files=no")
machine = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
    "cpu": cpu_model(),
    "cores": os.cpu_count(),
    "memory": mem_total(),
    "os": f"{os_name()}, {platform.system()} {platform.release()} {platform.machine()}",
    "gcc": first_line(capture(["gcc", "--version"])[1]) if shutil.which("gcc") else "not installed",
    "qemu": first_line(capture([qemu, "--version"])[1]) if qemu else "not installed",
    "java": java_version(),
    "jvmx": f"{commit}{' + uncommitted changes' if dirty else ''} ({git('log', '-1', '--format=%cd', '--date=short')}); "
            f"{jvmx_build_note}" + (f"; `jvmx --version`: {jvmx_version}" if opt["jvmx"] else ""),
    "jvmx_tier": tier,
    "jvmx_run_flags": " ".join(jvmx_flags) or "(none)",
    "sizes": "quick" if opt["quick"] else "default",
    "runs": opt["runs"],
    "timeout_s": opt["timeout"],
    "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
}

# ---- timed runs ------------------------------------------------------------------------------
def command(runner, prog, size):
    if runner == "native": return [prog, size]
    if runner == "qemu": return [qemu] + opt["qemu_args"] + [prog, size]
    return [JVMX, "run"] + jvmx_flags + [prog, size]


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_once(runner, prog, size):
    """One run: (status, wall s, CPU s, stdout, exit code, stderr); status OK or TIMEOUT.
    CPU is user+sys of the process and its reaped children (for jvmx all JVM threads)."""
    env = jvmx_env if runner == "jvmx" else None
    cpu0 = children_cpu()
    start = time.perf_counter()
    p = subprocess.Popen(command(runner, prog, size), cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         errors="replace", start_new_session=True)
    try:
        out, err = p.communicate(timeout=opt["timeout"])
        elapsed = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return "TIMEOUT", None, None, out, None, err
    except KeyboardInterrupt:  # the run is in its own session: Ctrl-C does not reach it
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        sys.exit(130)
    return "OK", elapsed, children_cpu() - cpu0, out, p.returncode, err


def describe_mismatch(ref, out, code, err):
    """One line saying how a run differs from the reference (native) run."""
    ref_out, ref_code = ref
    if code != ref_code:
        tail = [l for l in err.splitlines() if l.strip()]
        return f"exit {code} (native {ref_code})" + (f": {tail[-1].strip()}" if tail else "")
    a, b = out.splitlines(), ref_out.splitlines()
    for k in range(max(len(a), len(b))):
        x = a[k] if k < len(a) else "<missing>"
        y = b[k] if k < len(b) else "<missing>"
        if x != y:
            return f"stdout line {k + 1}: {x!r}, native {y!r}"
    return "stdout differs"


runners = [r for r in RUNNERS if opt.get(r, True)]
raw = []           # dicts: workload, size, runner, run, status, seconds, exit
problems = []      # (workload, runner, run, status, detail)
stderr_notes = {}  # (workload, runner) -> distinct stderr lines of OK runs
results = {}       # workload -> runner -> list of seconds (OK runs) and statuses
t0 = time.perf_counter()
for name, size in workloads:
    prog = os.path.join(WORK, name)
    ref = None
    results[name] = {r: {"times": [], "status": [], "wall_per_cpu": []} for r in runners}
    for run in range(1, opt["runs"] + 1):
        line = []
        for runner in runners:
            status, secs, cpu, out, code, err = run_once(runner, prog, size)
            if status == "OK" and ref is None:
                if runner == "native" and code == 0:
                    ref = (out, code)  # the first correct native run is the reference
                else:
                    status = "FAIL"    # nothing correct to compare with
                    problems.append((name, runner, run, "FAIL",
                                     f"native exit {code}: {first_line(err, '')}"
                                     if runner == "native" else "no correct native run before it"))
            if status == "OK" and ref is not None and (out, code) != ref:
                status = "FAIL"
                problems.append((name, runner, run, "FAIL", describe_mismatch(ref, out, code, err)))
            elif status == "TIMEOUT":
                problems.append((name, runner, run, "TIMEOUT", f"killed after {opt['timeout']:g} s"))
            if status == "OK":
                results[name][runner]["times"].append(secs)
                if cpu and cpu > 0: results[name][runner]["wall_per_cpu"].append(secs / cpu)
                for l in err.splitlines():
                    if l.strip():
                        stderr_notes.setdefault((name, runner), [])
                        if l.strip() not in stderr_notes[(name, runner)]:
                            stderr_notes[(name, runner)].append(l.strip())
            results[name][runner]["status"].append(status)
            raw.append(dict(workload=name, size=int(size), runner=runner, run=run, status=status,
                            seconds=None if secs is None or status != "OK" else round(secs, 6),
                            cpu_seconds=None if cpu is None else round(cpu, 6), exit=code))
            line.append(f"{runner} " + (f"{secs:.3f}s" if status == "OK" else status))
        note(f"  {name} {size} run {run}/{opt['runs']}: " + ", ".join(line))
total = time.perf_counter() - t0
machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
machine["wall_s"] = round(total, 1)

# ---- report ----------------------------------------------------------------------------------
def median(name, runner):
    """The median seconds, or None when any run of this runner was not OK (or it did not run)."""
    if runner not in runners: return None
    r = results[name][runner]
    return statistics.median(r["times"]) if r["times"] and all(s == "OK" for s in r["status"]) else None


def cell(name, runner):
    if runner not in runners: return "-"
    m = median(name, runner)
    if m is not None: return f"{m:.3f}"
    st = results[name][runner]["status"]
    bad = [s for s in st if s != "OK"]
    kind = "TIMEOUT" if "TIMEOUT" in bad and "FAIL" not in bad else "FAIL"
    return kind if len(bad) == len(st) else f"{kind} {len(bad)}/{len(st)}"


def ratio(a, b):
    return a / b if a is not None and b is not None and b > 0 else None


def fmt_ratio(x):
    if x is None: return "-"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def geomean(xs):
    xs = [x for x in xs if x is not None]
    return (math.exp(sum(math.log(x) for x in xs) / len(xs)), len(xs)) if xs else (None, 0)


rows, extra, ratios = [], [], {"jn": [], "jq": [], "qn": []}
for name, size in workloads:
    n, q, j = (median(name, r) for r in RUNNERS)
    jn, jq, qn = ratio(j, n), ratio(j, q), ratio(q, n)
    if name not in baselines:
        ratios["jn"].append(jn); ratios["jq"].append(jq); ratios["qn"].append(qn)
    (extra if name in baselines else rows).append(
        [name + (" (baseline)" if name in baselines else ""), size, cell(name, "native"),
         cell(name, "qemu"), cell(name, "jvmx"), fmt_ratio(jn), fmt_ratio(jq), fmt_ratio(qn)])
g = {k: geomean(v) for k, v in ratios.items()}
rows.append(["geomean", "", "", "", "",
             *(f"{fmt_ratio(g[k][0])} ({g[k][1]})" if g[k][0] is not None else "-"
               for k in ("jn", "jq", "qn"))])
rows += extra
head = ["workload", "size", "native s", "qemu s", "jvmx s", "jvmx/native", "jvmx/qemu",
        "qemu/native"]
widths = [max(len(str(r[c])) for r in rows + [head]) for c in range(len(head))]


def table_line(cells):
    return "| " + " | ".join(str(c).rjust(w) if k > 1 else str(c).ljust(w)
                             for k, (c, w) in enumerate(zip(cells, widths))) + " |"


print(f"## jvmx side by side: native, qemu-x86_64, jvmx ({machine['sizes']} sizes, "
      f"median of {opt['runs']} runs, wall time)")
print()
print(f"- date:    {machine['date']}; load average {machine['load_before']} before, "
      f"{machine['load_after']} after; this run took {machine['wall_s']} s")
print(f"- machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}")
print(f"- os:      {machine['os']}")
print(f"- gcc:     {machine['gcc']} (workloads: gcc -static -O2, glibc)")
print(f"- qemu:    {machine['qemu']}" + (f" {' '.join(opt['qemu_args'])}" if opt["qemu_args"] else ""))
print(f"- java:    {machine['java']}")
print(f"- jvmx:    {machine['jvmx']}")
print(f"- jvmx run flags: {machine['jvmx_run_flags']}; {machine['jvmx_tier']}")
for n in jvmx_notes: print(f"- note:    {n}")
print()
print(table_line(head))
print("|" + "|".join(("-" * (w + 1) + ":") if k > 1 else ("-" * (w + 2))
                     for k, w in enumerate(widths)) + "|")
for r in rows: print(table_line(r))
print()
print("Times are medians of wall time in seconds, process start included (for jvmx, the JVM's: "
      "see the baseline row). A ratio above 1 means the first is slower. Each geometric mean is "
      "over the workloads where both sides ran correctly every time (their count in parentheses); "
      "baselines are left out.")
busy, busy_n = geomean([statistics.median(results[n]["native"]["wall_per_cpu"])
                        for n, _ in workloads if n not in baselines and "native" in results[n]
                        and results[n]["native"]["wall_per_cpu"]])
machine["native_wall_per_cpu"] = busy
if busy is not None:
    print()
    print(f"Load check: native wall time / CPU time = {busy:.2f} (geometric mean of {busy_n} "
          "workloads' medians): about 1.0 on an idle machine; well above it, other work shared "
          "the cores and every time above is inflated by about that much.")
if problems:
    print()
    print("Failures (a run whose stdout or exit status differs from native, or that timed out):")
    seen = set()
    for name, runner, run, status, detail in problems:
        key = (name, runner, status, detail)
        count = sum(1 for p in problems if (p[0], p[1], p[3], p[4]) == key)
        if key in seen: continue
        seen.add(key)
        print(f"- {name} under {runner}: {status} in {count} of {opt['runs']} runs: {detail}")
if stderr_notes:
    print()
    print("Lines the correct runs wrote to stderr (first 3 distinct per workload and runner):")
    for (name, runner), lines in stderr_notes.items():
        for l in lines[:3]: print(f"- {name} under {runner}: {l}")

out_dir = os.path.join(BENCH, "results")
os.makedirs(out_dir, exist_ok=True)
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
base = os.path.join(out_dir, f"side-by-side-{stamp}{'-quick' if opt['quick'] else ''}")
with open(base + ".csv", "w") as f:
    f.write("workload,size,runner,run,status,seconds,cpu_seconds,exit\n")
    for r in raw:
        f.write(f"{r['workload']},{r['size']},{r['runner']},{r['run']},{r['status']},"
                f"{'' if r['seconds'] is None else r['seconds']},"
                f"{'' if r['cpu_seconds'] is None else r['cpu_seconds']},"
                f"{'' if r['exit'] is None else r['exit']}\n")
summary = {name: {r: median(name, r) for r in runners} for name, _ in workloads}
with open(base + ".json", "w") as f:
    json.dump({"machine": machine, "workloads": dict(workloads), "medians_s": summary,
               "geomean": {"jvmx/native": g["jn"][0], "jvmx/qemu": g["jq"][0],
                           "qemu/native": g["qn"][0]},
               "problems": [dict(workload=p[0], runner=p[1], run=p[2], status=p[3], detail=p[4])
                            for p in problems],
               "runs": raw}, f, indent=1)
print()
print(f"Raw times: {os.path.relpath(base, ROOT)}.csv and .json")
sys.exit(1 if problems else 0)
PYTHON
