#!/bin/sh
# Runs every script of tests/lang, tests/modules and the conformance corpus
# once more under `ouro -X gc-stress` (a young collection at every
# allocation of a collector-managed object, a full one every 1,000) and
# checks the same results as the normal runs: stdout, and for tests/lang
# and tests/modules also stderr (addresses masked) and the exit status.
# A missing traverse or clear slot shows up as a crash, a leak (sanitizers)
# or a wrong output.
#
# tests/stress-exempt.txt names the scripts left out ("suite/name  reason":
# output that depends on when collections happen, or over a minute under
# stress). Conformance scripts listed in tests/conformance-xfail.txt are
# skipped too (they fail without stress). A script that takes over a
# minute fails the run. MODE=valgrind skips the pass (valgrind times the
# stress collections by a factor of 50; the other three modes run it).
# usage: tests/stress.sh BUILD_DIR MODE [CORPUS]
build=$(cd "$1" && pwd)
mode=$2
corpus=${3:-../shared/conformance}
here=$(cd "$(dirname "$0")" && pwd)
ouro=$build/ouro
exempt_list=$here/stress-exempt.txt
xfail_list=$here/conformance-xfail.txt
log=$build/tests/stress-log
if [ "$mode" = valgrind ]; then
    echo "stress: skipped under valgrind"
    exit 0
fi
mkdir -p "$log"
pass=0
fail=0
skipped=0

listed() {   # file name -> status 0 if name starts a line of file
    grep -q "^$2[[:space:]]" "$1" 2>/dev/null || grep -qx "$2" "$1" 2>/dev/null
}

# Runs dir/name.py as tests/lang/run.sh does, under -X gc-stress; writes
# $log/suite.name.{out,err,status}.
run_one() {   # dir suite name
    dir=$1 out=$log/$2.$3 name=$3
    set -- timeout 60 "$ouro" -X gc-stress
    case $name in
    cli_c_*) (cd "$dir" && "$@" -c "$(cat "$name.py")") >"$out.out" 2>"$out.raw" ;;
    cli_stdin_*) (cd "$dir" && "$@" - <"$name.py") >"$out.out" 2>"$out.raw" ;;
    cli_repl_*) (cd "$dir" && "$@" -i <"$name.py") >"$out.out" 2>"$out.raw" ;;
    *) (cd "$dir" && "$@" "$name.py") >"$out.out" 2>"$out.raw" ;;
    esac
    echo $? >"$out.status"
    case $name in
    cli_repl_*) sed 1d "$out.raw" ;;
    *) cat "$out.raw" ;;
    esac | sed -e "s|$dir/||g" -e 's/0x[0-9a-f]\{4,\}/0x?/g' >"$out.err"
}

check_suite() {   # dir suite: scripts with .out [.err .status]
    dir=$(cd "$1" && pwd) suite=$2
    for py in "$dir"/*.py; do
        [ -f "$py" ] || continue
        name=$(basename "$py" .py)
        if listed "$exempt_list" "$suite/$name"; then
            skipped=$((skipped + 1))
            continue
        fi
        run_one "$dir" "$suite" "$name"
        got=$log/$suite.$name
        want_status=0
        [ -f "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
        why=
        if [ "$(cat "$got.status")" = 124 ]; then
            why="over a minute under stress (exempt it in tests/stress-exempt.txt)"
        elif ! cmp -s "$dir/$name.out" "$got.out"; then
            why="stdout differs"
        elif [ "$suite" != conformance ] && [ -f "$dir/$name.err" ] &&
             ! sed 's/0x[0-9a-f]\{4,\}/0x?/g' "$dir/$name.err" | cmp -s - "$got.err"; then
            why="stderr differs"
        elif [ "$suite" != conformance ] && [ ! -f "$dir/$name.err" ] && [ -s "$got.err" ]; then
            why="unexpected stderr"
        elif [ "$suite" != conformance ] && [ "$(cat "$got.status")" != "$want_status" ]; then
            why="exit status $(cat "$got.status"), expected $want_status"
        fi
        if [ -z "$why" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL stress $suite/$name: $why"
            case $why in
            stdout*) diff "$dir/$name.out" "$got.out" | head -10 ;;
            *) head -10 "$got.err" ;;
            esac
        fi
    done
}

check_suite "$here/lang" lang
[ -d "$here/modules" ] && check_suite "$here/modules" modules
if [ -d "$corpus" ]; then
    # The corpus' expected failures fail without stress too: skip them.
    for py in "$corpus"/*.py; do
        name=$(basename "$py" .py)
        listed "$xfail_list" "$name" && echo "conformance/$name"
    done >"$log/xfail-names"
    cp "$exempt_list" "$log/exempt" 2>/dev/null || : >"$log/exempt"
    cat "$log/xfail-names" >>"$log/exempt"
    exempt_list=$log/exempt
    check_suite "$corpus" conformance
fi
echo "stress: $pass passed, $fail failed ($skipped exempt)"
[ "$fail" -eq 0 ]
