# print writes to whatever sys.stdout is at the time of the call
import sys
class W:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
w = W()
old = sys.stdout
sys.stdout = w
print("captured", 1)
sys.stdout = old
print(w.parts)
