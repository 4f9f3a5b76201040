#!/bin/sh
# Writes the expected results of the named tests (all when none given)
# from CPython 3.11, the oracle: NAME.out, and NAME.err / NAME.status when
# stderr is not empty / the status is not 0. Same conventions as run.sh.
# -d DIR writes them for the scripts of DIR instead (tests/modules). A
# script with a line "# python3 flags: ..." runs under those options
# (e.g. -W default where ouro shows what CPython shows only as a warning).
# usage: tests/lang/gen.sh [-d DIR] [NAME.py ...]
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = -d ]; then
    here=$(cd "$2" && pwd) || exit 1
    shift 2
fi
cd "$here" || exit 1
python3 -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' || exit 1
[ $# -eq 0 ] && set -- *.py
for py in "$@"; do
    name=${py%.py}
    case $name in
    cli_c_*) python3 -c "$(cat "$name.py")" >"$name.out" 2>"$name.raw" ;;
    cli_stdin_*) python3 - <"$name.py" >"$name.out" 2>"$name.raw" ;;
    cli_repl_*) python3 -i <"$name.py" >"$name.out" 2>"$name.raw.1"
        status=$?
        sed 1d "$name.raw.1" >"$name.raw"
        rm -f "$name.raw.1"
        (exit $status) ;;
    *) flags=$(sed -n 's/^# python3 flags: //p' "$name.py" | head -n 1)
        python3 $flags "$name.py" >"$name.out" 2>"$name.raw" ;;
    esac
    status=$?
    sed "s|$here/||g" "$name.raw" >"$name.err"
    rm -f "$name.raw"
    [ -s "$name.err" ] || rm -f "$name.err"
    if [ $status -ne 0 ]; then echo $status >"$name.status"; else rm -f "$name.status"; fi
done
