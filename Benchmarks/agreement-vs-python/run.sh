#!/usr/bin/env bash
# qa agreement (the whole command, release build) side by side with Python's krippendorff package reading the
# same file with pandas: in one run, alternating, RUNS rounds of
#   1. python3 python_alpha.py (pandas read_csv + krippendorff.alpha, interval level)
#   2. qa agreement --level interval --statistic alpha
#   3. qa agreement --level interval                      (the full default report)
# Needs: swift build -c release --product qa; pip install krippendorff pandas.
# Usage: Benchmarks/agreement-vs-python/run.sh [units] [raters] [runs]   (defaults 200000 50 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
units=${1:-200000}; raters=${2:-50}; runs=${3:-3}
qa=${QA:-$root/.build/release/qa}
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
table=$folder/ratings-${raters}x${units}.csv
python3 "$here/make_table.py" "$units" "$raters" "$table"
echo "table: $raters raters × $units calls, 1-5, 10% blank, $(stat -c %s "$table") bytes"
echo "load before: $(uptime)"
declare -A times cpus failed
run_one() {  # label, command...
    local label=$1; shift
    local out wall cpu peak
    /usr/bin/time -o "$folder/$label.time" -f "%e %U %S %M %x" "$@" > "$folder/$label.out" 2> "$folder/$label.err" || true
    out=$(tail -1 "$folder/$label.time")
    read -r wall user system peak status <<< "$out"
    cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
    echo "  $label: $wall s wall, $cpu s CPU (user + system), $peak KiB peak$([ "$status" = 0 ] || echo ", exit $status: $(head -c 160 "$folder/$label.err")")"
    [ "$status" = 0 ] || failed[$label]=1
    times[$label]="${times[$label]:-} $wall"
    cpus[$label]="${cpus[$label]:-} $cpu"
}
for run in $(seq 1 "$runs"); do
    echo "round $run"
    run_one python python3 "$here/python_alpha.py" "$table" interval
    run_one alpha "$qa" agreement --level interval --statistic alpha "$table"
    run_one full "$qa" agreement --level interval "$table"
done
echo "load after: $(uptime)"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for kind in wall cpu; do
    if [ "$kind" = wall ]; then
        p=$(echo "${times[python]}" | median); a=$(echo "${times[alpha]}" | median); f=$(echo "${times[full]}" | median)
    else
        p=$(echo "${cpus[python]}" | median); a=$(echo "${cpus[alpha]}" | median); f=$(echo "${cpus[full]}" | median)
    fi
    echo "median $kind seconds: python $p, qa alpha $a, qa full report $f"
    for label in alpha full; do
        if [ -n "${failed[$label]:-}" ]; then echo "  $kind: qa $label did not give a report (see its exit above): no ratio"; continue; fi
        m=$([ "$label" = alpha ] && echo "$a" || echo "$f")
        target=$([ "$label" = alpha ] && echo "at most 0.100" || echo "below 1")
        awk -v p="$p" -v m="$m" -v k="$kind" -v l="$label" -v t="$target" \
            'BEGIN { printf "  %s: qa %s / python = %.3f (target %s)\n", k, l, m / p, t }'
    done
done
echo "python says: $(cat "$folder/python.out")"
echo "qa says:     $(grep "Krippendorff's alpha" "$folder/alpha.out")"
