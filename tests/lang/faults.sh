#!/bin/sh
# Allocation-failure sweep (STYLE: "allocation k fails, for k = 1, 2, 3...;
# each run must end in MemoryError, never a crash or a leak"): runs each
# script of tests/lang/faults/ with `-X fail-alloc=k` for k up to LIMIT in
# steps of STEP, under the sanitizer build. A run passes when it exits
# with status 0 or 1 and no sanitizer report.
# usage: tests/lang/faults.sh BUILD_DIR [LIMIT [STEP]]
build=$(cd "$1" && pwd)
limit=${2:-1500}
step=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
log=$build/tests/faults-log
mkdir -p "$log"
pass=0
fail=0
for py in "$here"/faults/*.py; do
    name=$(basename "$py" .py)
    k=1
    bad=
    while [ $k -le "$limit" ]; do
        "$build/ouro" -X fail-alloc=$k "$py" >"$log/$name.out" 2>"$log/$name.err"
        rc=$?
        if [ $rc -gt 1 ] || grep -q "Sanitizer\|runtime error" "$log/$name.err"; then
            bad=$k
            break
        fi
        k=$((k + step))
    done
    if [ -z "$bad" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL faults/$name: allocation $bad (status $rc)"
        head -20 "$log/$name.err"
    fi
done
echo "faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
