# ouro only (its .out is written by hand, not by gen.sh): what sys says
# about the implementation, and sizes true to ouro's layout.
import sys

print("implementation:", sys.implementation.name, sys.implementation.cache_tag)
print("implementation version:", sys.implementation.version[:3])
print("version names ouro:", "ouro" in sys.version)
print("version is path-free:", "/" not in sys.version and "\\" not in sys.version)
print(sys.implementation)
# docs/objects.md: list 40 + 8 per slot, int 24 (64-bit values) or 32 + 8 per word, set 200;
# getsizeof adds the collector's 16-byte header to collector-managed ones.
print("[]:", sys.getsizeof([]), [].__sizeof__())
print("[1, 2]:", sys.getsizeof([1, 2]))
print("int:", sys.getsizeof(5000), sys.getsizeof(2 ** 64), sys.getsizeof(2 ** 127))
print("set:", sys.getsizeof(set()), set().__sizeof__())
print("code has its arrays:", sys.getsizeof((lambda: 0).__code__) > 100)
print("class has its keys:", type.__sizeof__(type("K", (), {})) >= type.__sizeof__(int))
