1+1
x = 5
x
None
"s"
for i in range(2):
    i

undefined
print("hi")
def f(:
import sys
sys.exit(3)
