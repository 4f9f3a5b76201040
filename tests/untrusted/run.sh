#!/bin/sh
# Untrusted source files: each hostile input is written to a temporary
# directory at test time (nothing big is committed), run as `ouro FILE`,
# and must give exit status 1 and, as the last line of stderr, the one-line
# error named here (CPython 3.11's text where it has one; see
# docs/reliability.md, "Untrusted input"), never a crash, a hang or another
# exception. Huge inputs are 100 MB, huge literals 10,000,000 digits or
# 3,000,000 items (1 MB, 100,000 and 30,000 under valgrind).
# usage: tests/untrusted/run.sh BUILD_DIR MODE
build=$(cd "$1" && pwd)
mode=$2
ouro=$build/ouro
big=100000000
lit=10000000        # digits of the huge number literals
items=3000000       # items of the huge list display
if [ "$mode" = valgrind ]; then
    big=1000000 lit=100000 items=30000
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ouro-untrusted.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

rep() {   # CHAR COUNT: COUNT copies of CHAR
    head -c "$2" /dev/zero | tr '\0' "$1"
}

# expect NAME STATUS LAST-LINE: runs $tmp/NAME.py
expect() {
    set -- "$1" "$2" "$3" "$ouro"
    name=$1 want_status=$2 want_last=$3
    shift 3
    if [ "$mode" = valgrind ]; then
        set -- valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$@"
    fi
    t0=$(date +%s)
    timeout 300 "$@" "$tmp/$name.py" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    [ -n "$UNTRUSTED_TIMES" ] && echo "$name $(($(date +%s) - t0)) s"
    last=$(tail -n 1 "$tmp/$name.err" | cut -c1-300)
    why=
    if [ "$status" != "$want_status" ]; then
        why="exit status $status, expected $want_status"
    elif [ "$last" != "$want_last" ]; then
        why="last line of stderr: '$last'"
    elif [ "$(tr -d '\000' <"$tmp/$name.err" | wc -c)" != "$(wc -c <"$tmp/$name.err")" ]; then
        why="a NUL byte on stderr"
    elif [ "$want_status" = 1 ] && grep -q '^Traceback' "$tmp/$name.err"; then
        why="a traceback instead of a one-line error"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL untrusted/$name: $why"
        head -c 600 "$tmp/$name.err"
    fi
    rm -f "$tmp/$name.py" "$tmp/$name.out"
}

ue="SyntaxError: (unicode error) 'utf-8' codec can't decode byte"

# Invalid UTF-8, anywhere: in a string, a comment, a name, cut at the end.
printf 'x = 1\ny = "\377"\n' >"$tmp/utf8_start.py"
expect utf8_start 1 "$ue 0xff in position 5: invalid start byte"
printf '# caf\303(\n' >"$tmp/utf8_continuation.py"
expect utf8_continuation 1 "$ue 0xc3 in position 5: invalid continuation byte"
printf 'x = 1 # \340\240' >"$tmp/utf8_truncated.py"
expect utf8_truncated 1 "$ue 0xe0 in position 8: invalid continuation byte"
printf '\355\240\200 = 1\n' >"$tmp/utf8_surrogate.py"
expect utf8_surrogate 1 "$ue 0xed in position 0: invalid continuation byte"
printf 's = "\300\200"\n' >"$tmp/utf8_overlong.py"
expect utf8_overlong 1 "$ue 0xc0 in position 5: invalid start byte"
{ printf 'x = "'; rep a $big; printf '\377"\n'; } >"$tmp/utf8_far.py"
expect utf8_far 1 "$ue 0xff in position $((big + 5)): invalid start byte"

# NUL bytes: at the start, in a string, in a comment, after a huge line.
nul="SyntaxError: source code cannot contain null bytes"
printf '\000' >"$tmp/nul_only.py"
expect nul_only 1 "$nul"
printf 'x = "a\000b"\n' >"$tmp/nul_string.py"
expect nul_string 1 "$nul"
printf 'x = 1  # \000\n' >"$tmp/nul_comment.py"
expect nul_comment 1 "$nul"
{ printf 'x = 1  # '; rep a $big; printf '\nprint(x)\000\n'; } >"$tmp/nul_late.py"
expect nul_late 1 "$nul"

# 100 MB lines: a string, a comment and a name run; an unterminated
# string, open brackets and a huge indentation are SyntaxErrors.
{ printf 's = "'; rep a $big; printf '"\nprint(len(s))\n'; } >"$tmp/line_string.py"
expect line_string 0 "" && [ "$(cat "$tmp/line_string.err")" = "" ]
{ printf '#'; rep a $big; printf '\n'; } >"$tmp/line_comment.py"
expect line_comment 0 ""
{ rep a $big; printf ' = 1\n'; } >"$tmp/line_name.py"
expect line_name 0 ""
{ printf 's = "'; rep a $big; printf '\n'; } >"$tmp/line_unterminated.py"
expect line_unterminated 1 "SyntaxError: unterminated string literal (detected at line 1)"
{ printf 's = """'; rep a $big; printf '\n'; } >"$tmp/line_unterminated_triple.py"
expect line_unterminated_triple 1 "SyntaxError: unterminated triple-quoted string literal (detected at line 1)"
{ printf 'if 1:\n'; rep ' ' $big; printf 'pass\n'; } >"$tmp/line_indent.py"
expect line_indent 0 ""
{ printf 'x = 1\n'; rep ' ' $big; printf 'x\n'; } >"$tmp/line_unexpected_indent.py"
expect line_unexpected_indent 1 "IndentationError: unexpected indent"
{ printf 'x = ['; rep '(' $big; printf '\n'; } >"$tmp/line_open_brackets.py"
expect line_open_brackets 1 "SyntaxError: too many nested parentheses"
{ printf 'x = 1'; rep ')' $big; printf '\n'; } >"$tmp/line_close_brackets.py"
expect line_close_brackets 1 "SyntaxError: unmatched ')'"
{ printf 'x = '; rep '-' $big; printf '1\n'; } >"$tmp/line_unary.py"
expect line_unary 1 "SyntaxError: too complex: nesting deeper than 1000 levels"

# 10,000 levels of brackets, of each kind, and of indentation.
for pair in '( )' '[ ]' '{ }'; do
    set -- $pair
    { printf 'x = '; rep "$1" 10000; rep "$2" 10000; printf '\n'; } >"$tmp/nest.py"
    expect nest 1 "SyntaxError: too many nested parentheses"
done
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) { printf "%sif 1:\n", s; s = s " " } printf "%spass\n", s }' \
    >"$tmp/nest_indent.py"
expect nest_indent 1 "IndentationError: too many levels of indentation"
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) { printf "%sdef f():\n", s; s = s "\t" } printf "%spass\n", s }' \
    >"$tmp/nest_def_tabs.py"
expect nest_def_tabs 1 "IndentationError: too many levels of indentation"
{ printf 'x = '; i=0; while [ $i -lt 2000 ]; do printf 'lambda: '; i=$((i + 1)); done; printf '1\n'; } >"$tmp/nest_lambda.py"
expect nest_lambda 1 "SyntaxError: too complex: nesting deeper than 1000 levels"
{ printf 'x = 1'; rep '+' 10000 | sed 's/+/+1/g'; printf '\n'; } >"$tmp/nest_binop.py"
expect nest_binop 1 "SyntaxError: too complex: nesting deeper than 1000 levels"
{ printf 'x = a'; rep . 10000 | sed 's/\./.b/g'; printf '\n'; } >"$tmp/nest_attr.py"
expect nest_attr 1 "SyntaxError: too complex: nesting deeper than 1000 levels"

# Huge literals: a decimal int past CPython's 4300-digit limit is its
# SyntaxError; a 10-million-digit hex int, a long float and a string of
# a million escapes are values.
{ printf 'x = '; rep 1 $lit; printf '\n'; } >"$tmp/lit_int.py"
expect lit_int 1 "SyntaxError: Exceeds the limit (4300 digits) for integer string conversion: value has $lit digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."
{ printf 'x = 0x'; rep f $lit; printf '\nassert x.bit_length() == %d\n' $((4 * lit)); } >"$tmp/lit_hex.py"
expect lit_hex 0 ""
{ printf 'x = 1.'; rep 1 $lit; printf 'e-5\nassert 1e-5 < x < 2e-5\n'; } >"$tmp/lit_float.py"
expect lit_float 0 ""
{ printf 'x = "'; rep a 1000000 | sed 's/a/\\x41/g'; printf '"\nassert x == "A" * 1000000\n'; } >"$tmp/lit_escapes.py"
expect lit_escapes 0 ""
{ printf 'x = ['; yes 1, | tr -d '\n' | head -c $((2 * items)); printf ']\nassert len(x) == %d\n' $items; } >"$tmp/lit_list.py"
expect lit_list 0 ""
# (1 MB: the SyntaxError's caret line spans the whole token, and the
# traceback printer writes it a byte at a time to unbuffered stderr.)
{ printf 'x = "\\N{'; rep A 1000000; printf '}"\n'; } >"$tmp/lit_bad_name.py"
expect lit_bad_name 1 "SyntaxError: (unicode error) \\N{...} escapes are not supported by ouro"

# Running out of memory on a huge source is a clean MemoryError (an
# address-space limit of 1 GB; not under the sanitizers or valgrind, which
# need more address space themselves).
if [ "$mode" != asan ] && [ "$mode" != valgrind ]; then
    { printf 'x = ['; yes 1, | tr -d '\n' | head -c $big; printf ']\n'; } >"$tmp/oom_list.py"
    (ulimit -v 1000000; "$ouro" "$tmp/oom_list.py") >"$tmp/oom.out" 2>"$tmp/oom.err"
    status=$?
    if [ $status = 1 ] && [ "$(tail -n 1 "$tmp/oom.err")" = MemoryError ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL untrusted/oom_list: status $status, stderr:"
        tail -c 600 "$tmp/oom.err"
    fi
fi

echo "untrusted: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
