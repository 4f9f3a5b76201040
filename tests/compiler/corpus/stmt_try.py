try:
    pass
except:
    pass
try:
    a
except E:
    b
try:
    a
except E as e:
    b
except (E1, E2) as e:
    c
except:
    d
else:
    f
finally:
    g
try:
    a
finally:
    b
try:
    a
except E:
    b
finally:
    c
try: a
except: b
