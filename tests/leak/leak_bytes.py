# Leaks on purpose, for tests/leakcheck.sh: every run replaces a str kept
# on the sys module by a longer one. No object is added (the block count
# stays the same); the bytes in use grow, and leak mode must say so.
import sys

sys._leak_bytes = getattr(sys, "_leak_bytes", "") + "x" * 1000
print("length grows")
