#!/bin/sh
# Runs every test program of a build and prints one closing line,
# "N passed, N failed". usage: tests/run.sh BUILD_DIR MODE
# Programs print "PASS case" / "FAIL case" lines; a program that exits
# non-zero without reporting a failure (a crash, a sanitizer report) counts
# as one failed case. Programs named expect_asan_* must die with an
# AddressSanitizer use-after-free report under MODE=asan and are skipped
# otherwise. A freed pool block is poisoned by hand (the pool allocator's
# ASan support), which ASan reports as "use-after-poison"; a freed malloc
# block is reported as "heap-use-after-free". Either counts.
# MODE=valgrind runs each program under valgrind: any error or lost byte
# fails it.
build=$1
mode=$2
pass=0
fail=0
skip=0
log=$build/tests/log
mkdir -p "$log"
for t in "$build"/tests/*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    name=$(basename "$t")
    case $name in
    expect_asan_*)
        if [ "$mode" != asan ]; then
            skip=$((skip + 1)); continue
        fi
        if "$t" >"$log/$name.out" 2>"$log/$name.err"; then
            echo "FAIL $name (ran clean; ASan should have stopped it)"; fail=$((fail + 1))
        elif grep -qE "heap-use-after-free|use-after-poison" "$log/$name.err"; then
            echo "PASS $name (ASan caught it)"; pass=$((pass + 1))
        else
            echo "FAIL $name (no use-after-free report)"; fail=$((fail + 1))
            sed 's/^/    /' "$log/$name.err" | head -20
        fi
        continue ;;
    esac
    if [ "$mode" = valgrind ]; then
        valgrind -q --soname-synonyms=somalloc=nouserintercepts --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=99 "$t" >"$log/$name.out" 2>"$log/$name.err"
    else
        "$t" >"$log/$name.out" 2>"$log/$name.err"
    fi
    status=$?
    p=$(grep -c '^PASS ' "$log/$name.out")
    f=$(grep -c '^FAIL ' "$log/$name.out")
    sed "s/^/$name: /" "$log/$name.out" | grep ': FAIL ' 
    if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
        sed 's/^/    /' "$log/$name.err" | head -40
    fi
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$name: exited with status $status"
        f=1
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
echo "$mode: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
