#!/bin/sh
# Runs the language tests: every NAME.py here under BUILD/ouro, comparing
# with what CPython 3.11 produced for it (gen.sh writes those files):
#   NAME.out     expected stdout (always present)
#   NAME.err     expected stderr (absent: stderr must be empty)
#   NAME.status  expected exit status (absent: 0)
# Scripts named cli_c_*.py run as `ouro -c "$(cat NAME.py)"`, cli_stdin_*
# as `ouro - < NAME.py`, cli_repl_* as `ouro -i < NAME.py` (the prompt;
# the banner's version line is not compared), the rest as `ouro NAME.py`
# from this directory
# (the absolute directory in tracebacks is replaced by nothing, as gen.sh
# does for CPython's). Also checks the options CPython cannot oracle
# (-V, -h, bad options, the prompt on a pseudo-terminal). MODE=valgrind
# runs every script under valgrind: an error or a lost byte fails it;
# MODE=asan adds the allocation-failure sweep of faults.sh. A line
# "# MODE args: ARGS" in a script passes ARGS to it under that MODE; a
# DIR/xfail.txt lists the scripts expected to fail, each with its reason.
# A third argument runs the scripts of another directory the same way
# (tests/modules: the built-in modules' scripts); failures are then named
# after that directory and the options checks are skipped.
# usage: tests/lang/run.sh BUILD_DIR MODE [DIR]
build=$(cd "$1" && pwd)
mode=$2
ouro=$build/ouro
here=$(cd "${3:-$(dirname "$0")}" && pwd)
suite=$(basename "$here")
log=$build/tests/$suite-log
mkdir -p "$log"
pass=0
fail=0

run_ouro() {   # name -> writes $log/name.{out,err,status}
    name=$1
    set -- "$ouro"
    if [ "$mode" = valgrind ]; then
        set -- valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$ouro"
    fi
    case $name in
    cli_c_*) "$@" -c "$(cat "$name.py")" >"$log/$name.out" 2>"$log/$name.raw"
        echo $? >"$log/$name.status" ;;
    cli_stdin_*) "$@" - <"$name.py" >"$log/$name.out" 2>"$log/$name.raw"
        echo $? >"$log/$name.status" ;;
    cli_repl_*) "$@" -i <"$name.py" >"$log/$name.out" 2>"$log/$name.raw.1"
        echo $? >"$log/$name.status"
        sed 1d "$log/$name.raw.1" >"$log/$name.raw" ;;
    *) # A line "# MODE args: ARGS" in the script passes ARGS under MODE
        # (tests/hostile: sizes per mode).
        args=$(sed -n "s/^# $mode args: //p" "$name.py" | head -n 1)
        "$@" "$name.py" $args >"$log/$name.out" 2>"$log/$name.raw"
        echo $? >"$log/$name.status" ;;
    esac
    sed "s|$here/||g" "$log/$name.raw" >"$log/$name.err"
}

# Compares stderr with addresses masked (0x7f... differs from run to run).
same_err() {
    sed 's/0x[0-9a-f]\{4,\}/0x?/g' "$1.err" >"$log/$1.err.want"
    sed 's/0x[0-9a-f]\{4,\}/0x?/g' "$log/$1.err" >"$log/$1.err.got"
    cmp -s "$log/$1.err.want" "$log/$1.err.got"
}

cd "$here" || exit 1
for py in *.py; do
    [ -f "$py" ] || continue
    name=${py%.py}
    run_ouro "$name"
    want_status=0
    [ -f "$name.status" ] && want_status=$(cat "$name.status")
    got_status=$(cat "$log/$name.status")
    why=
    if ! cmp -s "$name.out" "$log/$name.out"; then
        why="stdout differs"
    elif [ -f "$name.err" ] && ! same_err "$name"; then
        why="stderr differs"
    elif [ ! -f "$name.err" ] && [ -s "$log/$name.err" ]; then
        why="unexpected stderr"
    elif [ "$got_status" != "$want_status" ]; then
        why="exit status $got_status, expected $want_status"
    fi
    # DIR/xfail.txt lists scripts expected to fail ("NAME  reason"): a
    # failure is reported as XFAIL, a pass as XPASS (a failure: update it).
    if [ -f xfail.txt ] && grep -q "^$name[[:space:]]" xfail.txt; then
        if [ -z "$why" ]; then
            fail=$((fail + 1))
            echo "XPASS $suite/$name: passes now; remove it from $suite/xfail.txt"
        else
            pass=$((pass + 1))
            echo "XFAIL $suite/$name: $why (expected, see $suite/xfail.txt)"
        fi
        continue
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $suite/$name: $why"
        case $why in
        stdout*) diff "$name.out" "$log/$name.out" | head -20 ;;
        *) diff "$name.err" "$log/$name.err" 2>/dev/null | head -20; head -20 "$log/$name.err" ;;
        esac
    fi
done

if [ "$suite" != lang ]; then
    echo "$suite: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
fi

# Options (ouro's own text: checked by pattern).
check() {   # description, command status pattern
    if [ "$1" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL lang/options: $2"; fi
}
v=$("$ouro" -V); s=$?
case $v in "ouro "*"(Python 3.11.7)") [ $s = 0 ] && check ok || check no "-V status $s" ;; *) check no "-V printed '$v'" ;; esac
"$ouro" --version | grep -q '^ouro ' && check ok || check no "--version"
"$ouro" -h | grep -q '^usage: ouro ' && check ok || check no "-h"
"$ouro" --bogus-option >/dev/null 2>&1; s=$?
[ $s = 2 ] && check ok || check no "bad option exits $s, expected 2"
"$ouro" /nonexistent/file.py >/dev/null 2>&1; s=$?
[ $s = 2 ] && check ok || check no "missing file exits $s, expected 2"

# The interactive prompt on a terminal (a pseudo-terminal from util-linux
# `script`, when installed): prompts, results, end of input.
if command -v script >/dev/null 2>&1 && [ "$mode" != valgrind ]; then
    printf '1+1\nprint("x" * 3)\nfor i in (7, 8):\n    i\n\n' >"$log/pty.in"
    TERM=dumb timeout 20 script -qec "$ouro" /dev/null <"$log/pty.in" 2>&1 | tr -d '\r' >"$log/pty.out"
    if grep -q '>>> 1+1' "$log/pty.out" && grep -qx '2' "$log/pty.out" &&
       grep -qx 'xxx' "$log/pty.out" && grep -q '\.\.\. ' "$log/pty.out" &&
       grep -qx '8' "$log/pty.out"; then
        check ok
    else
        check no "interactive prompt on a pseudo-terminal (see $log/pty.out)"
    fi
fi

# Under the sanitizers, the allocation-failure sweep (faults.sh).
if [ "$mode" = asan ]; then
    if sh "$here/faults.sh" "$build" 1500 3 >"$log/faults.txt" 2>&1; then
        check ok
    else
        check no "allocation-failure sweep:"
        cat "$log/faults.txt"
    fi
fi

echo "lang: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
