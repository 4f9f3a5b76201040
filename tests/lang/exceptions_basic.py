# try/except/else/finally, raise/raise from, chaining, except-as unbinding, re-raise
def risky(kind):
    if kind == 1:
        raise ValueError("one")
    if kind == 2:
        raise KeyError("two")
    return "fine"
for k in (0, 1, 2):
    try:
        r = risky(k)
    except ValueError as e:
        print("ValueError", e)
    except (KeyError, TypeError) as e:
        print("KeyError or TypeError", repr(e))
    else:
        print("else", r)
    finally:
        print("finally", k)
try:
    try:
        1 // 0
    except ZeroDivisionError as inner:
        raise RuntimeError("wrapped") from inner
except RuntimeError as outer:
    print(outer, type(outer.__cause__).__name__, outer.__context__ is outer.__cause__)
try:
    try:
        {}["missing"]
    except KeyError:
        raise ValueError("during")
except ValueError as e:
    print(e, repr(e.__context__), e.__cause__, e.__suppress_context__)
err = "bound before"
try:
    raise TypeError("t")
except TypeError as err:
    pass
try:
    print(err)
except NameError as e:
    print("unbound:", e)
def reraiser():
    try:
        raise IndexError("idx")
    except IndexError:
        raise
try:
    reraiser()
except IndexError as e:
    print("reraised", e)
def finally_return():
    try:
        return "try"
    finally:
        print("in finally")
print(finally_return())
def finally_override():
    try:
        raise ValueError
    finally:
        return "swallowed"
print(finally_override())
import sys
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is not None)
print(sys.exc_info())
class MyError(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code if False else "code")
        self.code = code
try:
    raise MyError(7)
except Exception as e:
    print(type(e).__name__, e.code, e.args, isinstance(e, Exception))
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(issubclass(UnboundLocalError, NameError), issubclass(RecursionError, RuntimeError))
