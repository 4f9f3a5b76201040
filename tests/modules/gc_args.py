# gc functions' argument errors: CPython 3.11's exception types and messages
import gc

def attempt(text):
    try:
        result = eval(text)
    except Exception as e:
        print(text, "->", type(e).__name__ + ":", e)
    else:
        print(text, "=", result)

for call in [
    "gc.enable(1)", "gc.enable(x=1)", "gc.disable(1)", "gc.isenabled(1)",
    "gc.collect(3)", "gc.collect(-1)", "gc.collect(-2)", "gc.collect('a')",
    "gc.collect(1.5)", "gc.collect(None)", "gc.collect(2**70)", "gc.collect(-2**70)",
    "gc.collect(1, 2)", "gc.collect(1, generation=1)", "gc.collect(gen=1)",
    "gc.collect(generation=1, x=2)", "gc.collect(generation='x')",
    "gc.get_count(1)", "gc.get_count(x=1)", "gc.get_threshold(1)",
    "gc.set_threshold()", "gc.set_threshold(1, 2, 3, 4)", "gc.set_threshold('a')",
    "gc.set_threshold(1, 'b')", "gc.set_threshold(700, 10, None)", "gc.set_threshold(x=1)",
    "gc.set_threshold(1.0)", "gc.set_threshold(2**70)", "gc.set_threshold(2**40)",
    "gc.set_threshold(-2**40)", "gc.set_threshold(700, 2**40)",
    "gc.get_debug(1)", "gc.set_debug()", "gc.set_debug(1, 2)", "gc.set_debug('a')",
    "gc.set_debug(flags=1)", "gc.set_debug(2**40)", "gc.set_debug(-2**40)",
    "gc.get_stats(1)", "gc.get_stats(x=1)",
    "gc.get_objects(3)", "gc.get_objects(-2)", "gc.get_objects('a')", "gc.get_objects(1.0)",
    "gc.get_objects(2**70)", "gc.get_objects(-2**70)", "gc.get_objects(1, 2)",
    "gc.get_objects(gen=1)", "gc.get_objects(generation=5)", "gc.get_objects(x=1, y=2)",
    "gc.get_referrers(x=1)", "gc.get_referents(x=1)", "gc.get_referents()", "gc.get_referrers()",
    "gc.is_tracked()", "gc.is_tracked(1, 2)", "gc.is_tracked(obj=1)",
    "gc.is_finalized()", "gc.is_finalized(1, 2)", "gc.is_finalized(x=[])",
    "gc.freeze(1)", "gc.unfreeze(1)", "gc.get_freeze_count(1)", "gc.get_freeze_count(x=1)",
]:
    attempt(call)

# Nothing above changed the collector's settings.
print(gc.get_threshold(), gc.get_debug(), gc.isenabled())
# Accepted values CPython takes as they are.
gc.set_threshold(-5, 0)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
gc.set_debug(-1)
print(gc.get_debug())
gc.set_debug(0)
print(gc.collect(True), gc.collect(generation=False), type(gc.get_objects(-1)).__name__)
print(type(gc.collect).__name__, gc.collect.__name__, gc.collect.__module__)
