//go:build amd64 && gc && !purego && !noasm

package hw

import "github.com/klauspost/cpuid/v2"

//go:generate go run -C _asm . -out ../toggle_amd64.s -stubs ../toggle_stubs_amd64.go -pkg hw

// platformToggleKernels returns the amd64 toggle kernels this CPU
// supports, chosen once at package initialisation: "avx2" when the CPU and
// OS support AVX2 and POPCNT.
func platformToggleKernels() []toggleKernel {
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.POPCNT) {
		return []toggleKernel{{name: "avx2", slots: toggleSlotsAsm, count: toggleCountAsm}}
	}
	return nil
}

// toggleSlotsAsm computes what toggleSlotsGeneric computes with the
// assembly kernel toggleSlotsAVX2 (toggle_amd64.s), which checks every
// slot against len(state)/w; from the first slot out of range on, the
// generic kernel takes over and fails (index out of range) as it would
// have on its own.
func toggleSlotsAsm(counts, prev, state []uint64, w int, slots []int) {
	if w <= 0 || len(slots) == 0 {
		toggleSlotsGeneric(counts, prev, state, w, slots)
		return
	}
	_, _ = counts[len(slots)-1], prev[len(slots)-1]
	done := toggleSlotsAVX2(counts, prev, state, w, len(state)/w, slots)
	if done < len(slots) {
		toggleSlotsGeneric(counts[done:], prev[done:], state, w, slots[done:])
	}
}

// toggleCountAsm computes what toggleCountGeneric computes with the
// assembly kernel, as one slot covering all of words.
func toggleCountAsm(words []uint64, prevLast uint64) int {
	if len(words) == 0 {
		return 0
	}
	var (
		counts [1]uint64
		prev   = [1]uint64{prevLast}
		slots  [1]int
	)
	toggleSlotsAVX2(counts[:], prev[:], words, len(words), 1, slots[:])
	return int(counts[0])
}
