# after an uncaught exception: the traceback's locals, then the globals are finalized at exit
class N:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
def f():
    local = N("local in f")
    raise ValueError("boom")
g1 = N("global 1")
_g2 = N("_global 2")
def h():
    pass
f()
