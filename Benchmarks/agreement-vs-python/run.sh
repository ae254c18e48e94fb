#!/usr/bin/env bash
# qa agreement (the whole command, release build) side by side with Python's krippendorff package reading the
# same file with pandas. Needs: swift build -c release --product qa; pip install krippendorff pandas.
# Usage: Benchmarks/agreement-vs-python/run.sh [units] [raters] [runs]   (defaults 100000 50 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
units=${1:-100000}; raters=${2:-50}; runs=${3:-3}
table=$(mktemp -d)/ratings-${raters}x${units}.csv
python3 "$here/make_table.py" "$units" "$raters" "$table"
echo "table: $raters raters × $units calls, 1-5, 10% blank, $(du -h "$table" | cut -f1)"
measure() {  # label, command...
    local label=$1; shift
    for run in $(seq 1 "$runs"); do
        /usr/bin/time -f "$label run $run: %e s, %M KiB peak" "$@" > /dev/null
    done
}
measure "qa agreement --statistic alpha" "$root/.build/release/qa" agreement --level interval --statistic alpha "$table"
measure "python krippendorff (pandas read + alpha)" python3 "$here/python_alpha.py" "$table" interval
measure "qa agreement --statistic alpha,percent,fleiss,gwet,icc" "$root/.build/release/qa" agreement --level interval \
    --statistic alpha --statistic percent --statistic fleiss --statistic gwet --statistic icc "$table"
if [ "$units" -le 400000 ] && [ $((raters * (raters - 1) / 2 * units)) -le 20000000 ]; then
    measure "qa agreement (every statistic)" "$root/.build/release/qa" agreement --level interval "$table"
else
    echo "qa agreement (every statistic): refused by the pairs-of-raters × calls limit (docs/limits.md), not timed"
fi
rm -f "$table"
