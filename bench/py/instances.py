# 1,000,000 instances with 4 attributes each, all kept alive at once: a
# table of particles built from records, then read back and updated as a
# simulation step would. Peak memory is the point here; each instance has
# an ordinary __dict__ (no __slots__).
#
# target: time 1.0 rss 0.7  (ouro / CPython 3.11, read by runner.c)

COUNT = 1_000_000


class Particle:
    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy

    def step(self):
        self.x += self.vx
        self.y += self.vy


def make_particles(count):
    particles = []
    for i in range(count):
        particles.append(Particle(i, -i, i % 7 - 3, i % 5 - 2))
    return particles


def main():
    particles = make_particles(COUNT)
    for p in particles:
        p.step()
    sx = sy = 0
    for p in particles:
        sx += p.x
        sy += p.y
    print(len(particles), "particles")
    print("sum x", sx, "sum y", sy)
    print("last", particles[-1].x, particles[-1].y, particles[-1].vx, particles[-1].vy)


main()
