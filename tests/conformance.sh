#!/bin/sh
# Runs the conformance corpus: every NAME.py of CORPUS under BUILD/ouro,
# comparing its stdout with NAME.out (CPython 3.11's). Names listed in
# tests/conformance-xfail.txt ("name  reason") are expected to fail: they
# are reported as xfail, and one that passes is an error (take it off the
# list). Prints the failing names and "conformance: N passed, N failed".
# Without the corpus folder the run is skipped (status 0).
# MODE=valgrind runs each script under valgrind (errors and lost bytes fail).
# usage: tests/conformance.sh BUILD_DIR MODE [CORPUS]
build=$(cd "$1" && pwd)
mode=$2
corpus=${3:-../shared/conformance}
here=$(cd "$(dirname "$0")" && pwd)
xfail_list=$here/conformance-xfail.txt
if [ ! -d "$corpus" ]; then
    echo "conformance: skipped ($corpus not found)"
    exit 0
fi
log=$build/tests/conformance-log
mkdir -p "$log"
pass=0
fail=0
xfail=0
for py in "$corpus"/*.py; do
    [ -f "$py" ] || continue
    name=$(basename "$py" .py)
    exp=${py%.py}.out
    if [ "$mode" = valgrind ]; then
        timeout 300 valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
            "$build/ouro" "$py" >"$log/$name.out" 2>"$log/$name.err"
    else
        timeout 60 "$build/ouro" "$py" >"$log/$name.out" 2>"$log/$name.err"
    fi
    status=$?
    expected_fail=0
    grep -q "^$name\b" "$xfail_list" 2>/dev/null && expected_fail=1
    ok=0
    cmp -s "$exp" "$log/$name.out" && ok=1
    # valgrind's verdict counts even for a matching stdout.
    [ "$mode" = valgrind ] && [ $status -eq 99 ] && ok=0
    if [ $ok -eq 1 ] && [ $expected_fail -eq 0 ]; then
        pass=$((pass + 1))
    elif [ $ok -eq 0 ] && [ $expected_fail -eq 1 ]; then
        xfail=$((xfail + 1))
    elif [ $ok -eq 1 ]; then
        fail=$((fail + 1))
        echo "XPASS $name (listed in tests/conformance-xfail.txt: remove it)"
    else
        fail=$((fail + 1))
        echo "FAIL $name: $(tail -n 1 "$log/$name.err")"
    fi
done
echo "conformance: $pass passed, $fail failed ($xfail expected failures)"
[ "$fail" -eq 0 ]
