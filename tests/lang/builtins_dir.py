# dir() of instances, modules, classes and the local scope
class A:
    x = 1
    def m(self): pass
a = A(); a.y = 2
print([n for n in dir(a) if not n.startswith("__")])
import sys
print("exit" in dir(sys), "argv" in dir(sys))
def f():
    p = 1; q = 2
    return dir()
print(f())
print(len(dir(A)) > 20, "__init__" in dir(A), "mro" in dir(type))
