# A property's __doc__: given explicitly, taken from the getter's
# docstring, carried over (or re-taken) by getter/setter/deleter copies,
# and kept in the instance __dict__ of a property subclass. Descriptors
# of built-in types show their docstrings too.


class Temperature:
    def __init__(self):
        self._c = 0.0

    @property
    def celsius(self):
        "Degrees Celsius."
        return self._c

    @celsius.setter
    def celsius(self, value):
        "ignored: the getter's doc wins"
        self._c = value

    def _get_f(self):
        "Degrees Fahrenheit."
        return self._c * 9 / 5 + 32

    fahrenheit = property(_get_f)
    kelvin = property(lambda self: self._c + 273.15, doc="Kelvin.")
    nodoc = property(lambda self: 1)

    def _other(self):
        "Another getter."
        return 2

    other = celsius.getter(_other)
    explicit = property(_get_f, None, None, "Explicit doc.")
    explicit_copy = explicit.getter(_other)


t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit, t.kelvin)
print(Temperature.celsius.__doc__)
print(Temperature.fahrenheit.__doc__)
print(Temperature.kelvin.__doc__)
print(Temperature.nodoc.__doc__)
print(Temperature.other.__doc__)
print(Temperature.explicit.__doc__)
print(Temperature.explicit_copy.__doc__)
print(property().__doc__, property(doc="d").__doc__)
Temperature.kelvin.__doc__ = "changed"
print(Temperature.kelvin.__doc__)


class cached(property):
    pass


class Sub(property):
    "Sub's own doc."


def getter(self):
    "from the getter"


print(cached(getter).__doc__, cached(getter).__dict__)
print(Sub(getter).__doc__, Sub.__doc__)
print(Sub(getter, doc="given").__doc__)

print(str.upper.__doc__)
print(Temperature.__init__.__doc__, getter.__doc__)


def undocumented(self):
    pass


print(cached(undocumented).__dict__, cached().__dict__, cached(doc="x").__dict__)
p = property(undocumented).getter(getter)
print(p.__doc__)

getter.__doc__ = "reassigned"
print(getter.__doc__)
print(property.__dict__["__doc__"])
