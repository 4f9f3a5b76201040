# Run by tests/leakcheck.sh under -X leakcheck=N: sys.exit(0) in the first
# run ends leak mode with status 0, as it ends a normal run, so its stdout
# is this script's once.
import sys

print("first run only")
sys.exit(0)
print("never")
