//go:build amd64 && gc && !purego && !noasm

package hw

import (
	"github.com/klauspost/cpuid/v2"

	"github.com/axmul/axmul/circuits/sim"
)

//go:generate go run -C _asm . -out ../toggle_amd64.s -stubs ../toggle_stubs_amd64.go -pkg hw

// platformToggleKernels returns the amd64 toggle kernels this CPU
// supports, chosen once at package initialisation: "avx2" when the CPU and
// OS support AVX2 and POPCNT, and "avx512" (toggleSlotsAVX512) when sim
// registers its AVX-512 kernel and the CPU has VPOPCNTDQ as well. When sim
// has avx512 but the CPU lacks VPOPCNTDQ, that name falls back to the
// generic toggle counter (same counts).
func platformToggleKernels() []toggleKernel {
	if !cpuid.CPU.Supports(cpuid.AVX2, cpuid.POPCNT) {
		return nil
	}
	ks := []toggleKernel{{name: "avx2",
		slots: func(counts, prev, state []uint64, w int, slots []int) {
			toggleSlotsAsm(toggleSlotsAVX2, counts, prev, state, w, slots)
		},
		count: func(words []uint64, prevLast uint64) int { return toggleCountAsm(toggleSlotsAVX2, words, prevLast) },
	}}
	if sim.HasAVX512() && cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VPOPCNTDQ) {
		ks = append(ks, toggleKernel{name: "avx512",
			slots: func(counts, prev, state []uint64, w int, slots []int) {
				toggleSlotsAsm(toggleSlotsAVX512, counts, prev, state, w, slots)
			},
			count: func(words []uint64, prevLast uint64) int { return toggleCountAsm(toggleSlotsAVX512, words, prevLast) },
		})
	}
	return ks
}

// toggleAsmFunc is the signature of the assembly toggle kernels: they add
// the toggles of slots[k] to counts[k], update prev[k] and return how many
// slots they did (see toggleSlotsAVX2).
type toggleAsmFunc func(counts, prev, state []uint64, w, nslots int, slots []int) (done int)

// toggleAsmChunkWords bounds the words one assembly call examines
// (about 30 µs): Go cannot preempt a goroutine inside assembly, so long
// runs are cut to keep GC pauses short.
const toggleAsmChunkWords = 1 << 16

// toggleSlotsAsm computes what toggleSlotsGeneric computes with the
// assembly kernel run (toggleSlotsAVX2 or toggleSlotsAVX512, toggle_amd64.s), about
// toggleAsmChunkWords words per call. The kernel checks every slot against
// len(state)/w; from the first slot out of range on, the generic kernel
// takes over and fails (index out of range) as it would have on its own.
func toggleSlotsAsm(run toggleAsmFunc, counts, prev, state []uint64, w int, slots []int) {
	if w <= 0 || len(slots) == 0 {
		toggleSlotsGeneric(counts, prev, state, w, slots)
		return
	}
	_, _ = counts[len(slots)-1], prev[len(slots)-1]
	step := max(1, toggleAsmChunkWords/w)
	for len(slots) > 0 {
		n := min(step, len(slots))
		done := run(counts[:n], prev[:n], state, w, len(state)/w, slots[:n])
		if done < n {
			toggleSlotsGeneric(counts[done:], prev[done:], state, w, slots[done:])
			return
		}
		counts, prev, slots = counts[n:], prev[n:], slots[n:]
	}
}

// toggleCountAsm computes what toggleCountGeneric computes with the
// assembly kernel run: each run of up to toggleAsmChunkWords words is one slot,
// and the kernel carries the last word of a run into the next in prev.
func toggleCountAsm(run toggleAsmFunc, words []uint64, prevLast uint64) int {
	var (
		counts [1]uint64
		prev   = [1]uint64{prevLast}
		slots  [1]int
	)
	for len(words) > 0 {
		n := min(toggleAsmChunkWords, len(words))
		run(counts[:], prev[:], words[:n], n, 1, slots[:])
		words = words[n:]
	}
	return int(counts[0])
}
