class A:
    pass
class A(B):
    pass
class A(B, C):
    x = 1
    def f(self):
        return self.x
class A(metaclass=M):
    pass
class A(B, metaclass=M, **kw):
    pass
class A(*bases):
    pass
class A():
    pass
@dec
class A: pass
class A: x = 1; y = 2
