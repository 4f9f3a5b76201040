"""Mutation test of the parser against CPython 3.11.

    python3 tests/compiler/tools/fuzz_vs_cpython.py SEED COUNT [TOOL]

Mutates corpus files (deletes, inserts and replaces tokens, moves lines),
parses each mutant with parse_tool (see parse_tool.c) and with ast.parse, and
prints the mutants whose tree or SyntaxError (class, message, positions)
differ; they are kept in /tmp/ouro_fuzz_bad. Files using `match` as a name
are left out (see docs/language.md on CPython's memoized messages).
"""
import ast, io, os, random, subprocess, sys, tokenize, warnings, glob
warnings.simplefilter("ignore")
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 300
TOOL = sys.argv[3] if len(sys.argv) > 3 else '/tmp/parse_tool'
HERE = os.path.dirname(os.path.abspath(__file__))
seeds = [p for p in glob.glob(os.path.join(HERE, '..', 'corpus', '*.py')) if 'match' not in open(p, encoding='utf-8').read()]
POOL = [':', '=', '(', ')', '[', ']', '{', '}', ',', 'if', 'else', 'elif', 'for', 'in', 'lambda', '*', '**', 'x', '1', "'s'",
        'f"{x}"', 'def', 'class', 'return', 'yield', 'not', 'and', 'or', '.', '->', ':=', '\n', '  ', '#c', 'try', 'except',
        'finally', 'with', 'as', 'import', 'from', 'del', 'pass', 'is', '==', '+', '-', '@', ';', 'None', 'True', '...',
        'global', 'raise', 'while', 'break', '/', '|', '~', '<', '>=', '+=', '0x', '1_', '"', "'", '"""', 'print', '$', '!']
def toks(src):
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type not in (tokenize.ENDMARKER,)]
    except Exception:
        return None
def offset(lines, row, col):
    return sum(len(l) for l in lines[:row-1]) + col
def mutate(src):
    lines = src.splitlines(keepends=True)
    ts = toks(src)
    k = random.random()
    if ts and k < 0.7:
        t = random.choice(ts)
        a = offset(lines, *t.start); b = offset(lines, *t.end)
        op = random.random()
        if op < 0.33:
            return src[:a] + src[b:]
        if op < 0.66:
            return src[:a] + random.choice(POOL) + ' ' + src[a:]
        return src[:a] + random.choice(POOL) + src[b:]
    if lines:
        i = random.randrange(len(lines))
        op = random.random()
        if op < 0.3:
            del lines[i]
        elif op < 0.6:
            lines.insert(i, lines[i])
        elif op < 0.8:
            lines[i] = ' ' * random.choice([1, 2, 3, 4, 8]) + lines[i]
        else:
            lines[i] = lines[i].lstrip()
        return ''.join(lines)
    return src
def cpython(src):
    try:
        t = ast.parse(src, 'x.py')
        return 'OK ' + ast.dump(t, include_attributes=True)
    except SyntaxError as e:
        return 'ERR %s %s %s %s %s %s' % (type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg)
    except Exception as e:
        return 'EXC ' + type(e).__name__
os.makedirs('/tmp/ouro_fuzz', exist_ok=True)
cases = []
for i in range(N):
    src = open(random.choice(seeds), encoding='utf-8').read()
    if len(src) > 3000: src = src[:3000]
    for _ in range(random.choice([1, 1, 1, 2])):
        src = mutate(src)
    if '\x00' in src: continue
    p = '/tmp/ouro_fuzz/%d.py' % i
    open(p, 'w', encoding='utf-8', newline='').write(src)
    cases.append((p, src))
out = subprocess.run([TOOL, '-a'] + [p for p, _ in cases], capture_output=True, text=True).stdout.splitlines()
bad = 0
for (p, src), mine in zip(cases, out):
    exp = cpython(src)
    if exp.startswith('EXC'): continue
    if 'not supported by ouro' in mine: continue
    if mine != exp:
        bad += 1
        import shutil; os.makedirs('/tmp/ouro_fuzz_bad', exist_ok=True); shutil.copy(p, '/tmp/ouro_fuzz_bad/%s_%s' % (sys.argv[1], os.path.basename(p)))
        if bad <= 15:
            print('==', p); print('   src:', repr(src[:300]) if len(src) < 300 else '(long)')
            print('   exp:', exp[:300]); print('   got:', mine[:300])
print('mismatches', bad, 'of', len(cases))
