package hw

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/sim"
)

// randomWords returns n words from r, mixing uniform words with sparse and
// dense ones and runs of constants, so that both long and short runs of
// equal bits occur.
func randomWords(r *rand.Rand, n int) []uint64 {
	ws := make([]uint64, n)
	for i := range ws {
		switch r.IntN(5) {
		case 0:
			ws[i] = 0
		case 1:
			ws[i] = ^uint64(0)
		case 2:
			ws[i] = r.Uint64() & r.Uint64() & r.Uint64()
		case 3:
			ws[i] = r.Uint64() | r.Uint64() | r.Uint64()
		default:
			ws[i] = r.Uint64()
		}
	}
	return ws
}

// TestToggleKernelsRuns checks every toggle kernel, on a single run of
// words, against the bit-by-bit reference toggleRef and against
// toggleCountGeneric: every length 0..200 and some large ones, each run
// inside a buffer whose guard words on both sides must stay untouched and
// must not be counted, and several predecessor words.
func TestToggleKernelsRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lengths := make([]int, 0, 210)
	for n := range 201 {
		lengths = append(lengths, n)
	}
	lengths = append(lengths, 255, 256, 257, 1023, 1024, 4099, 1<<16+77, 3<<16) // the last ones span several assembly calls
	const guard = 5
	for _, k := range toggleKernels {
		t.Run(k.name, func(t *testing.T) {
			for _, n := range lengths {
				buf := randomWords(r, n+2*guard)
				for i := range guard {
					buf[i], buf[n+guard+i] = 0x5555555555555555, 0xAAAAAAAAAAAAAAAA // toggles everywhere
				}
				orig := slices.Clone(buf)
				words := buf[guard : guard+n : guard+n]
				for _, prevLast := range []uint64{0, 1 << 63, ^uint64(0), 1, r.Uint64()} {
					want := toggleRef(words, prevLast)
					if g := toggleCountGeneric(words, prevLast); g != want {
						t.Fatalf("n=%d prev=%#x: generic %d, reference %d", n, prevLast, g, want)
					}
					counts := []uint64{7}
					prev := []uint64{prevLast}
					k.slots(counts, prev, words, n, []int{0})
					wantPrev := prevLast
					if n > 0 {
						wantPrev = words[n-1]
					}
					if counts[0] != 7+uint64(want) || prev[0] != wantPrev {
						t.Fatalf("n=%d prev=%#x: count %d, last %#x; want %d, %#x", n, prevLast, counts[0]-7, prev[0], want, wantPrev)
					}
					if got := k.count(words, prevLast); got != want {
						t.Fatalf("n=%d prev=%#x: count %d, want %d", n, prevLast, got, want)
					}
				}
				if !slices.Equal(buf, orig) {
					t.Fatalf("n=%d: the kernel wrote to the words or the guards", n)
				}
			}
		})
	}
}

// TestToggleKernelsSlots checks every toggle kernel on simulator states:
// slots in random order, repeated, and the carry of prev across blocks,
// against toggleRef on each net's whole stream.
func TestToggleKernelsSlots(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, k := range toggleKernels {
		t.Run(k.name, func(t *testing.T) {
			for _, w := range []int{1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 31, 32, 33, 36, 64, 100, 5000} { // 5000: 13 slots per assembly call
				const nslots, blocks = 23, 3
				slots := make([]int, 40)
				for i := range slots {
					slots[i] = r.IntN(nslots)
				}
				// streams[s] is the whole stream of slot s over the blocks.
				streams := make([][]uint64, nslots)
				counts := make([]uint64, len(slots))
				prev := make([]uint64, len(slots))
				for b := range blocks {
					state := randomWords(r, nslots*w)
					for s := range nslots {
						streams[s] = append(streams[s], state[s*w:s*w+w]...)
					}
					if b == 0 {
						for i, s := range slots {
							prev[i] = (state[s*w] & 1) << 63
						}
					} else {
						// A repeated slot carries its own prev: make the
						// copies agree, as Activity's carry would.
						for i, s := range slots {
							prev[i] = streams[s][b*w-1]
						}
					}
					orig := slices.Clone(state)
					k.slots(counts, prev, state, w, slots)
					if !slices.Equal(state, orig) {
						t.Fatalf("w=%d: state changed", w)
					}
				}
				for i, s := range slots {
					ws := streams[s]
					if want := uint64(toggleRef(ws, (ws[0]&1)<<63)); counts[i] != want {
						t.Fatalf("w=%d: slot %d: %d toggles, want %d", w, s, counts[i], want)
					}
					if prev[i] != ws[len(ws)-1] {
						t.Fatalf("w=%d: slot %d: prev %#x, want the last word %#x", w, s, prev[i], ws[len(ws)-1])
					}
				}
			}
		})
	}
}

// TestToggleKernelsBadSlot checks that a slot outside the state panics
// under every kernel (as the generic loop does) after the slots before it
// have been counted, and that w <= 0 counts nothing.
func TestToggleKernelsBadSlot(t *testing.T) {
	for _, k := range toggleKernels {
		t.Run(k.name, func(t *testing.T) {
			for _, w := range []int{4, 16} { // 16: the straight-line path
				// Slot 0 (0b10, then zeros): up at vector 1, down at 2.
				// Slot 1 (zeros, then 0xff in its last word): up and down
				// in its last word.
				state := make([]uint64, 2*w)
				state[0], state[2*w-1] = 0b10, 0xff
				for _, bad := range []int{2, 100, -1} {
					counts, prev := make([]uint64, 3), make([]uint64, 3)
					func() {
						defer func() {
							if recover() == nil {
								t.Errorf("w=%d, slot %d: no panic", w, bad)
							}
						}()
						k.slots(counts, prev, state, w, []int{0, 1, bad})
					}()
					if counts[0] != 2 || counts[1] != 2 || prev[1] != 0xff {
						t.Errorf("w=%d, slot %d: counts %v prev %v before the bad slot, want [2 2 ...] and prev[1] = 0xff", w, bad, counts, prev)
					}
				}
			}
			state := make([]uint64, 8)
			counts := []uint64{5}
			k.slots(counts, []uint64{0}, state, 0, []int{0})
			if counts[0] != 5 {
				t.Errorf("w=0 changed the count to %d", counts[0])
			}
		})
	}
}

// TestToggleKernelFollowsSim checks that ToggleCount and the activity loop
// use the toggle kernel named like the simulator's current kernel.
func TestToggleKernelFollowsSim(t *testing.T) {
	for _, name := range sim.Kernels() {
		restore, err := sim.SetKernel(name)
		if err != nil {
			t.Fatal(err)
		}
		got := currentToggleKernel().name
		restore()
		if got != name {
			t.Errorf("sim kernel %s: toggle kernel %s", name, got)
		}
	}
}

// FuzzToggleCount compares every toggle kernel with toggleRef on words
// made from the fuzzer's bytes.
func FuzzToggleCount(f *testing.F) {
	f.Add([]byte{}, uint64(0))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint64(1)<<63)
	f.Add(make([]byte, 8*37), ^uint64(0))
	f.Fuzz(func(t *testing.T, data []byte, prevLast uint64) {
		words := make([]uint64, (len(data)+7)/8)
		for i, b := range data {
			words[i/8] |= uint64(b) << (8 * (i % 8))
		}
		want := toggleRef(words, prevLast)
		for _, k := range toggleKernels {
			counts, prev := []uint64{0}, []uint64{prevLast}
			k.slots(counts, prev, words, len(words), []int{0})
			if int(counts[0]) != want {
				t.Fatalf("%s: %d toggles, want %d", k.name, counts[0], want)
			}
			if got := k.count(words, prevLast); got != want {
				t.Fatalf("%s: count %d, want %d", k.name, got, want)
			}
		}
		if got := ToggleCount(words, prevLast); got != want {
			t.Fatalf("ToggleCount: %d, want %d", got, want)
		}
	})
}

// TestActivityKernelsAgree checks that Activity counts the same toggles
// under every simulator kernel (and so every toggle kernel) on the 8x8
// array multiplier and random circuits, with stream lengths that end in a
// partial block. TestActivityMatchesReference checks the default kernel
// against a per-vector reference.
func TestActivityKernelsAgree(t *testing.T) {
	lib := tinyLib(t)
	srcs := []*circuits.Netlist{arrayMultiplier(8)}
	for seed := range uint64(3) {
		srcs = append(srcs, randomNetlist(seed+200, 6, 60, 4))
	}
	for _, src := range srcs {
		m, err := Map(src, lib)
		if err != nil {
			t.Fatal(err)
		}
		for _, vectors := range []int{64, 64 * 3, 64*activityChunkWords*2 + 64*5} {
			var first *Activity
			for _, name := range sim.Kernels() {
				restore, err := sim.SetKernel(name)
				if err != nil {
					t.Fatal(err)
				}
				act, err := m.Activity(UniformStimulus(9), vectors)
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = act
					continue
				}
				if !slices.Equal(act.Toggles, first.Toggles) {
					t.Errorf("%s, %d vectors: kernel %s counts %v, kernel %s %v", src.Name, vectors, name, act.Toggles, sim.Kernels()[0], first.Toggles)
				}
			}
		}
	}
}
