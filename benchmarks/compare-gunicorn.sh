#!/usr/bin/env bash
# Loomicorn's sync worker against gunicorn's sync worker (Debian's `gunicorn` package), both
# with 2 workers, a hello-world app, and a new connection per request (gunicorn's sync worker
# never keeps a connection alive). The two servers run one after the other, in alternating
# rounds, so that a change in the machine's load hits both alike.
#
#   sudo apt-get install gunicorn wrk
#   benchmarks/compare-gunicorn.sh [ROUNDS] [SECONDS]     # default: 3 rounds of 10 s each
#   PIN=0 benchmarks/compare-gunicorn.sh                 # no CPU pinning
#
# The load generator must not be the bottleneck: unpinned on 2 cores, wrk's one thread took
# 9.4 of 10 CPU seconds and both servers waited for it. So by default (PIN=1, on 2 cores or
# more) wrk runs on CPU 0 and the servers on the other CPUs (taskset), and each round also
# reports the CPU share wrk used of its core and the share the server used of its CPUs: the
# server is the bottleneck when its share is near 100% and wrk's is not.
#
# Prints req/s and server CPU per request (user+sys of the master and workers from /proc,
# divided by the responses) for each round, then the median ratios, and keeps a copy in
# benchmarks/results/<UTC timestamp>-gunicorn/results.txt. Loopback only; every process it
# starts is stopped by pid.
set -euo pipefail

rounds=${1:-3}
seconds=${2:-10}
pin=${PIN:-1}
cores=$(nproc)
server_cpus=""
wrk_pin=()    # command prefixes; taskset execs its command, so a pid taken with $! stays the server's
server_pin=()
if [ "$pin" = 1 ] && [ "$cores" -ge 2 ] && command -v taskset >/dev/null; then
    server_cpus=$([ "$cores" -eq 2 ] && echo 1 || echo "1-$((cores - 1))")
    wrk_pin=(taskset -c 0)
    server_pin=(taskset -c "$server_cpus")
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
for tool in gunicorn wrk curl; do
    command -v "$tool" >/dev/null || { echo "compare-gunicorn.sh: $tool is not installed (sudo apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/hello_wsgi.py" <<'EOF'
def app(environ, start_response):
    body = b"Hello, World!"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# cpu_ticks PID...: user+sys clock ticks of the processes and their children's threads.
cpu_ticks() {
    local t=0 p s
    for p in "$@"; do
        if [ -r "/proc/$p/stat" ]; then
            s=($(sed 's/^.*) //' "/proc/$p/stat"))
            t=$((t + s[11] + s[12]))
        fi
    done
    echo "$t"
}

# measure NAME MASTER_PID PORT: prints "req/s cpu_us_per_req server_cpu_share wrk_cpu_share"
# for one window; the shares are CPU seconds over the window's seconds, in percent of the
# CPUs each side may use.
measure() {
    local name=$1 master=$2 port=$3 procs c0 c1 out req rps wrk_ticks
    procs=("$master" $(pgrep -P "$master" || true))
    c0=$(cpu_ticks "${procs[@]}")
    # A shell that waits for wrk sees its CPU ticks in its own cutime and cstime (fields 16, 17).
    out=$("${wrk_pin[@]}" bash -c 'wrk "$@"; echo "wrk-ticks $(sed "s/^.*) //" /proc/$$/stat | cut -d" " -f14,15)"' \
        wrk -t1 -c50 -d"${seconds}s" -H "Connection: close" "http://127.0.0.1:$port/")
    c1=$(cpu_ticks "${procs[@]}")
    req=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    wrk_ticks=$(awk '/^wrk-ticks/ {print $2 + $3}' <<<"$out")
    local hz server_share wrk_share ncpu
    hz=$(getconf CLK_TCK)
    ncpu=$([ -n "$server_cpus" ] && echo $((cores - 1)) || echo "$cores")
    server_share=$(( (c1 - c0) * 100 / hz / seconds / ncpu ))
    wrk_share=$(( wrk_ticks * 100 / hz / seconds ))
    echo "$rps $(( (c1 - c0) * 1000000 / hz / req )) $server_share $wrk_share"
}

server=
start_and_wait() { # PORT COMMAND...: starts the server, waits for GET /, leaves its pid in $server
    local port=$1; shift
    "$@" >"$work/server-$port.log" 2>&1 &
    server=$!
    pids+=("$server")
    for _ in $(seq 150); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/" && return
        sleep 0.2
    done
    echo "compare-gunicorn.sh: the server on port $port did not answer; its log:" >&2
    cat "$work/server-$port.log" >&2
    exit 1
}

"$root/loomicorn" --version >/dev/null # builds the distribution when it is stale

# RESULTS_DIR: where results.txt goes (benchmarks/run goals sets it); a new folder by default.
results=${RESULTS_DIR:-"$here/results/$(date -u +%Y%m%d-%H%M%S)-gunicorn"}
mkdir -p "$results"
exec > >(tee "$results/results.txt")
echo "machine: $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(gunicorn --version)"
if [ -n "$server_cpus" ]; then
    echo "pinned: wrk on CPU 0, the servers on CPU $server_cpus (PIN=0 to run unpinned)"
fi
echo "round  server            req/s   CPU µs/req  server CPU %  wrk CPU %"
ratios=()
cpu_ratios=()
for r in $(seq "$rounds"); do
    lp=$(free_port)
    start_and_wait "$lp" "${server_pin[@]}" "$root/loomicorn" -k sync -w 2 -b "127.0.0.1:$lp" io.loomicorn.examples.HelloApp
    lpid=$server
    "${wrk_pin[@]}" wrk -t1 -c50 -d3s -H "Connection: close" "http://127.0.0.1:$lp/" >/dev/null # JIT warm-up
    read -r lrps lcpu lshare lwrk <<<"$(measure loomicorn "$lpid" "$lp")"
    kill -TERM "$lpid"; wait "$lpid" || true

    gp=$(free_port)
    start_and_wait "$gp" "${server_pin[@]}" gunicorn -w 2 -k sync -b "127.0.0.1:$gp" --chdir "$work" hello_wsgi:app
    gpid=$server
    "${wrk_pin[@]}" wrk -t1 -c50 -d3s -H "Connection: close" "http://127.0.0.1:$gp/" >/dev/null
    read -r grps gcpu gshare gwrk <<<"$(measure gunicorn "$gpid" "$gp")"
    kill -TERM "$gpid"; wait "$gpid" || true

    printf '%-6s %-16s %8s %10s %13s %10s\n' "$r" "loomicorn sync" "$lrps" "$lcpu" "$lshare" "$lwrk" \
        "$r" "gunicorn sync" "$grps" "$gcpu" "$gshare" "$gwrk"
    ratios+=("$(awk -v a="$lrps" -v b="$grps" 'BEGIN {printf "%.2f", a / b}')")
    cpu_ratios+=("$(awk -v a="$gcpu" -v b="$lcpu" 'BEGIN {printf "%.2f", a / b}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
echo "req/s ratio per round (loomicorn / gunicorn): ${ratios[*]}; median $(median "${ratios[@]}")x"
echo "CPU per request ratio per round (gunicorn / loomicorn): ${cpu_ratios[*]}; median $(median "${cpu_ratios[@]}")x"
echo "results: $results/results.txt"
