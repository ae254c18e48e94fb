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
declare -A times cpus
run_one() {  # label, command...
    local label=$1; shift
    local out wall cpu peak
    out=$( { /usr/bin/time -f "%e %U %S %M" "$@" > "$folder/$label.out"; } 2>&1 | tail -1)
    read -r wall user system peak <<< "$out"
    cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
    echo "  $label: $wall s wall, $cpu s CPU (user + system), $peak KiB peak"
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
    awk -v p="$p" -v a="$a" -v f="$f" -v k="$kind" 'BEGIN {
        printf "  %s: qa alpha / python = %.3f (target at most 0.100); qa full report / python = %.3f (target below 1)\n", k, a / p, f / p }'
done
echo "python says: $(cat "$folder/python.out")"
echo "qa says:     $(grep "Krippendorff's alpha" "$folder/alpha.out")"
