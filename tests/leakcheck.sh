#!/bin/sh
# Leak mode pass: every script of tests/lang, tests/modules, tests/leak
# (fresh_state: what leak mode resets between runs) and the conformance
# corpus once more under `ouro -X leakcheck=N` (N runs in one
# interpreter, each in a fresh __main__; exit status 2 and a report on
# stderr if what stays alive grows in every run after the warm-up; see
# src/vm/leakcheck.c). A script passes when:
#   - there is no leak report;
#   - its expected exit status is 0: stdout is the expected stdout N times
#     (once for a script that calls sys.exit(), which ends leak mode), and
#     stderr the expected stderr N times (empty if none is expected);
#     the corpus' scripts are judged on stdout alone, as tests/conformance.sh
#     judges them;
#   - otherwise (an uncaught exception or sys.exit(code) ends the first
#     run): stdout, stderr and exit status those of a normal run.
# Then the test of the test: tests/leak/leak_on_purpose.py leaks objects
# on purpose, and leak mode must catch it (exit status 2, the growing type
# named), while its normal run passes; tests/leak/leak_bytes.py leaks
# bytes only (a str kept on sys grows) and must be caught too.
#
# tests/leakcheck-exempt.txt names the scripts left out ("suite/name
# reason"): those whose output depends on process-wide state that a
# second run in the same interpreter sees changed. Conformance scripts of
# tests/conformance-xfail.txt are skipped too (they fail without leak
# mode). MODE=valgrind skips the pass (leak mode's own figures already
# count every block; valgrind checks the normal runs).
# usage: tests/leakcheck.sh BUILD_DIR MODE [CORPUS] [RUNS]
build=$(cd "$1" && pwd)
mode=$2
corpus=${3:-../shared/conformance}
runs=${4:-4}
here=$(cd "$(dirname "$0")" && pwd)
ouro=$build/ouro
exempt_list=$here/leakcheck-exempt.txt
xfail_list=$here/conformance-xfail.txt
log=$build/tests/leakcheck-log
if [ "$mode" = valgrind ]; then
    echo "leakcheck: skipped under valgrind"
    exit 0
fi
mkdir -p "$log"
pass=0
fail=0
skipped=0
start=$(date +%s)

listed() {   # file name -> status 0 if name starts a line of file
    grep -q "^$2[[:space:]]" "$1" 2>/dev/null || grep -qx "$2" "$1" 2>/dev/null
}

repeat() {   # file count -> the file's contents count times
    k=0
    while [ "$k" -lt "$2" ]; do
        cat "$1"
        k=$((k + 1))
    done
}

# Runs dir/name.py as tests/lang/run.sh does, in leak mode; writes
# $log/suite.name.{out,err,status}.
run_one() {   # dir suite name
    dir=$1 out=$log/$2.$3 name=$3
    set -- timeout 120 "$ouro" -X "leakcheck=$runs"
    case $name in
    cli_c_*) (cd "$dir" && "$@" -c "$(cat "$name.py")") >"$out.out" 2>"$out.raw" ;;
    cli_stdin_*) (cd "$dir" && "$@" - <"$name.py") >"$out.out" 2>"$out.raw" ;;
    *) (cd "$dir" && "$@" "$name.py") >"$out.out" 2>"$out.raw" ;;
    esac
    echo $? >"$out.status"
    sed -e "s|$dir/||g" -e 's/0x[0-9a-f]\{4,\}/0x?/g' "$out.raw" >"$out.err"
}

# Why dir/name failed in leak mode, or nothing.
judge() {   # dir suite name
    dir=$1 suite=$2 name=$3 got=$log/$2.$3
    want_status=0
    [ -f "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
    status=$(cat "$got.status")
    : >"$log/want.err"
    [ -f "$dir/$name.err" ] && sed 's/0x[0-9a-f]\{4,\}/0x?/g' "$dir/$name.err" >"$log/want.err"
    times=$runs
    if [ "$want_status" != 0 ]; then
        times=1
    elif ! repeat "$dir/$name.out" "$runs" | cmp -s - "$got.out" &&
         grep -q 'exit(' "$dir/$name.py" && cmp -s "$dir/$name.out" "$got.out"; then
        times=1   # sys.exit(0) in the first run ends leak mode
    fi
    if grep -q '^ouro: leak mode:' "$got.err"; then
        echo "leaks"
    elif [ "$status" = 124 ]; then
        echo "over two minutes in leak mode"
    elif ! repeat "$dir/$name.out" "$times" | cmp -s - "$got.out"; then
        echo "stdout differs (expected the normal stdout $times times)"
    elif [ "$suite" = conformance ]; then
        :
    elif ! repeat "$log/want.err" "$times" | cmp -s - "$got.err"; then
        echo "stderr differs (expected the normal stderr $times times)"
    elif [ "$status" != "$want_status" ]; then
        echo "exit status $status, expected $want_status"
    fi
}

check_suite() {   # dir suite
    dir=$(cd "$1" && pwd) suite=$2
    for py in "$dir"/*.py; do
        [ -f "$py" ] || continue
        name=$(basename "$py" .py)
        case $name in
        cli_repl_*) skipped=$((skipped + 1)); continue ;;   # the prompt has no leak mode
        esac
        [ "$suite" = leak ] && case $name in leak_*|exit_*) continue ;; esac   # checked below
        if listed "$exempt_list" "$suite/$name"; then
            skipped=$((skipped + 1))
            continue
        fi
        run_one "$dir" "$suite" "$name"
        why=$(judge "$dir" "$suite" "$name")
        if [ -z "$why" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL leakcheck $suite/$name: $why"
            case $why in
            stdout*) repeat "$dir/$name.out" "$runs" | diff - "$log/$suite.$name.out" | head -10 ;;
            *) head -20 "$log/$suite.$name.err" ;;
            esac
        fi
    done
}

check_suite "$here/lang" lang
check_suite "$here/leak" leak
[ -d "$here/modules" ] && check_suite "$here/modules" modules
if [ -d "$corpus" ]; then
    for py in "$corpus"/*.py; do
        name=$(basename "$py" .py)
        listed "$xfail_list" "$name" && echo "conformance/$name"
    done >"$log/xfail-names"
    cp "$exempt_list" "$log/exempt" 2>/dev/null || : >"$log/exempt"
    cat "$log/xfail-names" >>"$log/exempt"
    exempt_list=$log/exempt
    check_suite "$corpus" conformance
fi

# The test of the test: a script that leaks on purpose is caught, with
# the type that grows named; run normally, it passes.
leak=$here/leak/leak_on_purpose.py
"$ouro" -X "leakcheck=$runs" "$leak" >"$log/leak.out" 2>"$log/leak.err"
status=$?
if [ "$status" = 2 ] && grep -q '^ouro: leak mode: .*leak_on_purpose.py leaks' "$log/leak.err" &&
   grep -q '^    Node  *+1 +1' "$log/leak.err" &&
   [ "$(grep -c '^cached True$' "$log/leak.out")" = "$runs" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL leakcheck leak/leak_on_purpose: not caught (exit status $status, expected 2 with Node named):"
    head -20 "$log/leak.err"
fi
"$ouro" -X "leakcheck=$runs" "$here/leak/leak_bytes.py" >"$log/leak2.out" 2>"$log/leak2.err"
status=$?
if [ "$status" = 2 ] && grep -q '^ouro: leak mode: .*leak_bytes.py leaks: bytes grew' "$log/leak2.err"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL leakcheck leak/leak_bytes: not caught (exit status $status, expected 2, bytes named):"
    head -20 "$log/leak2.err"
fi
# sys.exit(0) in the first run ends leak mode (stdout once, status 0).
(cd "$here/leak" && "$ouro" -X "leakcheck=$runs" exit_zero.py) >"$log/exit.out" 2>"$log/exit.err"
status=$?
if [ "$status" = 0 ] && cmp -s "$here/leak/exit_zero.out" "$log/exit.out" && [ ! -s "$log/exit.err" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL leakcheck leak/exit_zero: sys.exit(0) did not end leak mode (status $status)"
fi
"$ouro" "$leak" >"$log/leak1.out" 2>&1
status=$?
if [ "$status" = 0 ] && [ "$(cat "$log/leak1.out")" = "cached True" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL leakcheck leak/leak_on_purpose: its normal run failed (status $status)"
fi

echo "leakcheck: $pass passed, $fail failed ($skipped exempt), -X leakcheck=$runs, $(($(date +%s) - start)) s"
[ "$fail" -eq 0 ]
