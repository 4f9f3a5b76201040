# print's sep/end/file/flush, sys.stdout/sys.stderr, sys.argv, sys.exit from a nested call
import sys
print("a", "b", "c", sep="-", end="!\n")
print("no newline", end="")
print()
print("x", 1, None, True, sep="")
print(sep="ignored")
print("to stderr", file=sys.stderr)
sys.stdout.write("written\n")
sys.stderr.write("err written\n")
print("flushed", flush=True)
print(sys.argv[0].endswith("print_and_sys.py"), len(sys.argv))
print(type(sys.stdout).__name__, sys.maxsize > 2 ** 31, sys.getrecursionlimit())
try:
    print(1, sep=5)
except TypeError as e:
    print(e)
def leave():
    sys.exit("goodbye")
try:
    leave()
except SystemExit as e:
    print("SystemExit", e.code)
sys.exit(0)
