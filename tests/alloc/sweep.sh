#!/bin/sh
# Allocation-failure sweep (issue 5): runs each script with
# OURO_FAIL_ALLOC=N (the Nth allocation from the runtime's creation fails,
# start-up included) and checks that every run ends in one of the allowed
# ways:
#   right     - exit 0, stdout as the normal run's, stderr empty (the
#               failure hit nothing the program depends on);
#   absorbed  - exit 0, stderr empty, stdout as many lines as the normal
#               run's and plausible (see plausible_stdout): a shrinking
#               realloc that failed left a list's or dict's array as it
#               was, which only sys.getsizeof can tell ("at length 10 it
#               shrinks" where the normal run said 11);
#   ignored   - exit 0, stderr only "Exception ignored in ..." reports of
#               MemoryError (the failure hit a __del__, a callback or
#               shutdown), or tracebacks of MemoryError that
#               weakref.finalize's exit function prints as CPython's does,
#               and the program carried on: stdout plausible,
#               or as many lines as the normal run's;
#   error     - exit 1, stderr ends in a traceback whose last line is
#               "MemoryError" (or is that line alone, as CPython prints
#               it when compiling the script fails: no frame yet), stdout
#               plausible;
#   start-up  - exit 1, stderr one line "ouro: could not start the
#               interpreter (out of memory)", stdout empty.
# In every run: no sanitizer report (the asan build's LeakSanitizer
# included), no assertion, and `-X alloc-stats` must report "0 blocks (0
# bytes) left at exit": nothing leaked inside the runtime either.
#
# usage: tests/alloc/sweep.sh BUILD_DIR [SAMPLES [RANDOM]]
#   SAMPLES 0 (the default): every N from 1 to the script's allocation
#   count; SAMPLES k: k values of N per script spread over that range
#   (a stride with a varying offset, the same every run). RANDOM r adds r
#   runs per script with OURO_FAIL_ALLOC_P=0.0003,seed for seeds 1..r
#   (several failures in one run; same allowed endings). JOBS runs in
#   parallel (environment, default 2).
# The scripts: examples/tour.py and tests/alloc/*.py.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# Whether stdout ($1) is the normal run's ($2) up to where they differ,
# and every line after that comes from a print the normal run made too:
# a line of the normal run, or one that starts with the same 12
# characters as one (the same print, other values: "__del__ of a" where
# the normal run had renamed the object "a/b" by then), or a print cut
# short by the failure run into a later line ("... dead: after del t").
plausible_stdout() {
    at=$(cmp "$1" "$2" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p')
    [ -z "$at" ] && return 0
    cut=$(sed -n "${at}p" "$2")
    tail -n +"$at" "$1" | awk -v cut="$cut" '
        NR == FNR { ref[$0] = 1; head[substr($0, 1, 12)] = 1; next }
        $0 in ref { next }
        length($0) >= 12 && substr($0, 1, 12) in head { next }
        FNR == 1 {
            for (k = 1; k < length(cut); k++)
                if (substr($0, 1, k) == substr(cut, 1, k) && (substr($0, k + 1) in ref))
                    next
        }
        { bad = 1 } END { exit bad }' "$2" -
}

# One run: sweep.sh --one BUILD LOGDIR SCRIPT NAME N|pP,SEED -> prints "NAME N outcome".
if [ "$1" = --one ]; then
    build=$2 log=$3 py=$4 name=$5 n=$6
    out=$log/$name.$n.out err=$log/$name.$n.err
    # A run that hangs after its failure is a failure too (status 124).
    set -- "$build/ouro"
    command -v timeout >/dev/null 2>&1 && set -- timeout 120 "$build/ouro"
    case $n in
    p*) OURO_FAIL_ALLOC_P=${n#p} "$@" -X alloc-stats "$py" >"$out" 2>"$err" ;;
    *) OURO_FAIL_ALLOC=$n "$@" -X alloc-stats "$py" >"$out" 2>"$err" ;;
    esac
    rc=$?
    ref=$log/$name.ref
    grep -v '^ouro: allocations: ' "$err" >"$err.prog"
    bad=
    if grep -q 'Sanitizer\|runtime error: \|Assertion .* failed' "$err"; then
        bad="sanitizer or assertion report"
    elif grep -q '^ouro: allocations: ' "$err" && ! grep -q ' 0 blocks (0 bytes) left at exit' "$err"; then
        bad="leak: $(grep -o '[0-9]* blocks ([0-9]* bytes) left' "$err")"
    elif [ $rc = 0 ] && [ ! -s "$err.prog" ]; then
        if cmp -s "$out" "$ref"; then
            outcome=right
        elif plausible_stdout "$out" "$ref" && [ "$(wc -l <"$out")" = "$(wc -l <"$ref")" ]; then
            outcome=absorbed
        else
            bad="exit 0, stdout differs"
        fi
    elif [ $rc = 0 ]; then
        # Only reports of MemoryError ignored: every report's last line.
        # A report is "Exception ignored in ..." (with the traceback after
        # it), or a traceback alone: weakref.finalize's exit function
        # prints its finalizers' errors through sys.excepthook, as
        # CPython's Lib/weakref.py does, and carries on.
        if ! grep -q '^Exception ignored in\|^Traceback (most recent call last):$' "$err.prog"; then
            bad="exit 0 with stderr"
        elif awk '/^Exception ignored in/ || (/^Traceback \(most recent call last\):$/ && !hdr) {
                      if (prev != "" && last != "MemoryError") bad = 1; prev = 1 }
                  { hdr = /^Exception ignored in/; last = $0 }
                  END { exit (bad || last != "MemoryError") }' "$err.prog" &&
             { plausible_stdout "$out" "$ref" ||
               [ "$(wc -l <"$out")" = "$(wc -l <"$ref")" ]; }; then
            outcome=ignored
        else
            bad="exit 0: an ignored error other than MemoryError, or stdout has lines the normal run never printed"
        fi
    elif [ $rc = 1 ] && [ "$(cat "$err.prog")" = "ouro: could not start the interpreter (out of memory)" ]; then
        [ -s "$out" ] && bad="output before start-up failed" || outcome=start-up
    elif [ $rc = 1 ] && [ "$(tail -1 "$err.prog")" = MemoryError ] &&
         { grep -q '^Traceback (most recent call last):' "$err.prog" ||
           [ "$(cat "$err.prog")" = MemoryError ]; }; then
        plausible_stdout "$out" "$ref" && outcome=error ||
            bad="exit 1: stdout has lines the normal run never printed"
    else
        bad="exit status $rc, stderr: $(tail -1 "$err.prog")"
    fi
    if [ -n "$bad" ]; then
        echo "$name $n FAIL $bad"
    else
        echo "$name $n $outcome"
        rm -f "$out" "$err" "$err.prog"
    fi
    exit 0
fi

build=$(cd "$1" && pwd)
samples=${2:-0}
random=${3:-0}
jobs=${JOBS:-2}
log=$build/tests/alloc-log
rm -rf "$log"
mkdir -p "$log"
results=$log/results.txt
: >"$results"
fail=0
for py in "$root/examples/tour.py" "$here"/*.py; do
    name=$(basename "$py" .py)
    # The normal run: the reference output and the allocation count.
    "$build/ouro" -X alloc-stats "$py" >"$log/$name.ref" 2>"$log/$name.referr"
    rc=$?
    total=$(sed -n 's/^ouro: allocations: [0-9]* in start-up, \([0-9]*\) in all.*/\1/p' "$log/$name.referr")
    if [ $rc != 0 ] || [ -z "$total" ] || [ "$(grep -vc '^ouro: allocations: ' "$log/$name.referr")" != 0 ]; then
        echo "FAIL alloc/$name: the normal run failed (status $rc)"
        cat "$log/$name.referr"
        fail=$((fail + 1))
        continue
    fi
    if [ -f "$here/$name.out" ] && ! cmp -s "$here/$name.out" "$log/$name.ref"; then
        echo "FAIL alloc/$name: the normal run's output differs from CPython's ($name.out)"
        fail=$((fail + 1))
        continue
    fi
    startup=$(sed -n 's/^ouro: allocations: \([0-9]*\) in start-up.*/\1/p' "$log/$name.referr")
    if [ "$samples" = 0 ] || [ "$samples" -ge "$total" ]; then
        seq 1 "$total"
    else
        # A tenth of the points in start-up (the same for every script),
        # the rest over the script's own allocations; each part a stride
        # with an offset that varies within it.
        awk -v a=0 -v b="$startup" -v k=$((samples / 10)) -f "$here/points.awk"
        awk -v a="$startup" -v b="$total" -v k=$((samples - samples / 10)) -f "$here/points.awk"
    fi | sort -nu >"$log/$name.points"
    # Random failures: with p = 0.0003, about 40% of the runs get past
    # start-up (~3,100 allocations), and those see one to three failures
    # in the script itself.
    r=1
    while [ $r -le "$random" ]; do
        echo "p0.0003,$r"
        r=$((r + 1))
    done >>"$log/$name.points"
    xargs -P "$jobs" -I N sh "$0" --one "$build" "$log" "$py" "$name" N \
        <"$log/$name.points" >>"$results"
    printf '%-22s %6s allocations, %5s runs:' "$name" "$total" "$(wc -l <"$log/$name.points")"
    for o in right absorbed ignored error start-up FAIL; do
        printf ' %s %s' "$(grep -c "^$name [^ ]* $o" "$results")" "$o"
    done
    echo
done
grep ' FAIL ' "$results" | head -30
nfail=$(grep -c ' FAIL ' "$results")
echo "alloc sweep: $(wc -l <"$results") runs, $nfail failed (logs in $log)"
[ "$nfail" -eq 0 ] && [ "$fail" -eq 0 ]
