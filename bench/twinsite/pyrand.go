package twinsite

import "math/bits"

// pyRandom is the part of Python's random.Random that the twin uses, draw for draw:
// the Mersenne Twister MT19937 seeded as CPython seeds it from an int, and the same
// derivations (random, _randbelow, choice, randint, sample). It makes the Go
// generator write the very twin that shared/bench/gen_twin.py wrote, so that figures
// measured before and after the port compare.
type pyRandom struct {
	mt  [624]uint32
	idx int
}

func newPyRandom(seed uint32) *pyRandom {
	r := &pyRandom{}
	r.initByArray([]uint32{seed})
	return r
}

func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < len(r.mt); i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.idx = len(r.mt)
}

// initByArray is CPython's init_by_array: random.seed(n) for an int n passes the
// 32-bit words of |n|, so seed 42 is the key [42].
func (r *pyRandom) initByArray(key []uint32) {
	const n = 624
	r.initGenrand(19650218)
	i, j := 1, 0
	for k := max(n, len(key)); k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := n - 1; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= n {
			r.mt[0] = r.mt[n-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
}

func (r *pyRandom) uint32() uint32 {
	const n, m = 624, 397
	if r.idx >= n {
		for k := range n {
			y := r.mt[k]&0x80000000 | r.mt[(k+1)%n]&0x7fffffff
			v := r.mt[(k+m)%n] ^ y>>1
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			r.mt[k] = v
		}
		r.idx = 0
	}
	y := r.mt[r.idx]
	r.idx++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

// random is random.random(): 53 random bits in [0, 1).
func (r *pyRandom) random() float64 {
	a, b := r.uint32()>>5, r.uint32()>>6
	return (float64(a)*67108864 + float64(b)) * (1.0 / 9007199254740992)
}

// below is random._randbelow(n) for 0 < n < 2³²: draws of n.bit_length() bits until
// one is below n.
func (r *pyRandom) below(n int) int {
	k := bits.Len(uint(n))
	for {
		if v := int(r.uint32() >> (32 - k)); v < n {
			return v
		}
	}
}

// randint is random.randint(a, b), b included.
func (r *pyRandom) randint(a, b int) int { return a + r.below(b-a+1) }

// sample is random.sample(population, k) for a population of at most 21, where
// CPython draws from a pool that it shrinks from the end.
func (r *pyRandom) sample(population []string, k int) []string {
	n := len(population)
	pool := append([]string(nil), population...)
	out := make([]string, k)
	for i := range k {
		j := r.below(n - i)
		out[i] = pool[j]
		pool[j] = pool[n-i-1]
	}
	return out
}

func choice[T any](r *pyRandom, xs []T) T { return xs[r.below(len(xs))] }
