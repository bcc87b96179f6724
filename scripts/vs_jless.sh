#!/usr/bin/env bash
# Times chorus and jless side by side on the same files, in tmux, as a person sees them: from
# start to the first screen of the document, then (chorus) to fully loaded, and each program's
# peak resident memory (VmHWM from /proc) once it is fully loaded. Runs are interleaved so both
# see the same machine.
#
#   scripts/vs_jless.sh [RUNS] FILE...
#
# Needs tmux; jless is timed when it is on PATH (`cargo install jless`). Prints one line per run
# and a summary (min/median/max) per program and file, with chorus's time as a share of jless's.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
if [[ ${1:-} =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
[ $# -gt 0 ] || { echo "usage: scripts/vs_jless.sh [RUNS] FILE..." >&2; exit 2; }
chorus=./target/release/chorus
[ -x "$chorus" ] || cargo build --release --quiet
have_jless=$(command -v jless || true)
session=vsjless$$
width=160 height=45
out=$(mktemp)
trap 'tmux kill-session -t $session 2>/dev/null || true; rm -f "$out"' EXIT

now_ms() { date +%s%3N; }

# wait_for PATTERN [NOT]: until the pane shows PATTERN (and, with NOT, no longer shows NOT).
# Polls every 5 ms for the first 300 ms, then every 25 ms: each poll starts tmux and grep, and
# polling a multi-second load every 5 ms would take most of a core from the program timed.
wait_for() {
  local begun; begun=$(now_ms)
  local deadline=$(( begun + 120000 ))
  while [ "$(now_ms)" -lt $deadline ]; do
    local screen
    screen=$(tmux capture-pane -p -t $session 2>/dev/null || true)
    if grep -q -- "$1" <<<"$screen" && { [ -z "${2:-}" ] || ! grep -q -- "$2" <<<"$screen"; }; then
      now_ms; return
    fi
    if [ $(( $(now_ms) - begun )) -lt 300 ]; then sleep 0.005; else sleep 0.025; fi
  done
  echo "timed out waiting for $1" >&2; echo 999999
}

peak_mib() {
  local pid; pid=$(tmux display -p -t $session '#{pane_pid}')
  awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$pid/status"
}

run() { # NAME FILE COMMAND FIRST-PATTERN [LOADED-PATTERN NOT-PATTERN]
  local name=$1 file=$2 cmd=$3
  local start; start=$(now_ms)
  tmux new-session -d -s $session -x $width -y $height "$cmd"
  local first; first=$(( $(wait_for "$4") - start ))
  local loaded=$first
  if [ -n "${5:-}" ]; then loaded=$(( $(wait_for "$5" "$6") - start )); fi
  local mib; mib=$(peak_mib)
  tmux kill-session -t $session
  printf '%-7s %-24s first %6d ms  loaded %6d ms  peak %5d MiB\n' "$name" "$(basename "$file")" "$first" "$loaded" "$mib" | tee -a "$out"
}

for file in "$@"; do
  for _ in $(seq "$runs"); do
    # chorus: the article title is on screen; loaded once the status line stops saying so.
    run chorus "$file" "$chorus '$file'" " shown" " shown" "loading"
    if [ -n "$have_jless" ]; then
      run jless "$file" "jless '$file'" 'format: "chorus'
    fi
  done
done

echo
echo "min/median/max over $runs runs"
awk '
  { key=$1" "$2; n[key]++; f[key, n[key]]=$4; l[key, n[key]]=$7; m[key, n[key]]=$10 }
  function stats(a, key, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = a[key, i]
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[1] "/" v[int((cnt + 1) / 2)] "/" v[cnt]
  }
  function median(a, key, cnt,   i, j, t, v) {
    for (i = 1; i <= cnt; i++) v[i] = a[key, i]
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((cnt + 1) / 2)]
  }
  END {
    for (key in n) printf "%-32s first %-18s loaded %-18s peak MiB %s\n", key, stats(f, key, n[key]), stats(l, key, n[key]), stats(m, key, n[key])
    # chorus as a share of jless, medians: its first screen, and its full load against
    # jless'"'"'s first screen (jless shows nothing before it has read everything).
    for (key in n) {
      split(key, part, " ")
      if (part[1] != "chorus") continue
      other = "jless " part[2]
      if (!(other in n)) continue
      jf = median(f, other, n[other])
      if (jf > 0) printf "ratio %-26s first %.2f  loaded %.2f  (chorus / jless first screen)\n", part[2], median(f, key, n[key]) / jf, median(l, key, n[key]) / jf
    }
  }
' "$out" | sort
