//go:build amd64 && gc && !purego && !noasm

package sim

import "github.com/klauspost/cpuid/v2"

//go:generate go run -C _asm -tags purego . -out ../kernels_amd64.s -stubs ../kernels_amd64_stubs.go -pkg sim

// platformKernels returns the amd64 kernels this CPU supports, chosen once
// at package initialisation, fastest last: "avx2" when the CPU and OS
// support AVX2, then "avx512" when they also support AVX-512 F, BW, DQ and
// VL (the gate kernel needs only F; the metrics kernel of package errmap
// that goes with this name needs DQ and VL).
func platformKernels() []Kernel {
	var ks []Kernel
	if cpuid.CPU.Supports(cpuid.AVX2) {
		ks = append(ks, avx2Kernel{})
		if HasAVX512() {
			ks = append(ks, avx512Kernel{})
		}
	}
	return ks
}

// hasVBMI reports AVX-512 VBMI (VPERMB), which untangleAVX512 needs.
var hasVBMI = cpuid.CPU.Supports(cpuid.AVX512VBMI)

// untangleAsm is the decoder untangleWords uses, chosen once: untangleGFNI
// (one VGF2P8AFFINEQB per 8x8 bit transpose) when the CPU has GFNI,
// else untangleAVX512 (three masked-swap rounds). Both give the same
// values (TestUntangleWordsAVX512 runs each this CPU can).
var untangleAsm = chooseUntangle()

func chooseUntangle() func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64) {
	if cpuid.CPU.Supports(cpuid.GFNI) {
		return untangleGFNI
	}
	return untangleAVX512
}

// untangleWords decodes the first words whole words of the output slots
// (at most 32) with untangleAsm when the CPU has VBMI, and returns how
// many words it decoded (0: the caller decodes them all).
func (avx512Kernel) untangleWords(state []uint64, w int, slots []uint32, words int, out []uint64) int {
	return untangleWith(untangleAsm, state, w, slots, words, out)
}

func untangleWith(f func(state []uint64, offs *[32]int64, masks *[4]uint64, groups, words int, out []uint64),
	state []uint64, w int, slots []uint32, words int, out []uint64) int {
	k := len(slots)
	if !hasVBMI || k == 0 || k > 32 || words <= 0 || words > w {
		return 0
	}
	var offs [32]int64
	var masks [4]uint64
	for b, s := range slots {
		if (int(s)+1)*w > len(state) {
			return 0 // let the Go path fail as it would
		}
		offs[b] = int64(s) * int64(w)
		masks[b/8] |= 1 << (b % 8)
	}
	f(state, &offs, &masks, (k+7)/8, words, out[:64*words])
	return words
}

// HasAVX512 reports whether the CPU and OS support the AVX-512 subsets
// the "avx512" kernels use: F, BW, DQ and VL.
func HasAVX512() bool {
	return cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL)
}

// avx512Kernel runs programs with runAVX512: the AVX2 loop with 64-byte
// registers (32 words per iteration, then 8, then single words), every op
// one VPTERNLOGQ with the op's truth table (Op.TernaryTable).
type avx512Kernel struct{}

func (avx512Kernel) Name() string { return "avx512" }

// Run computes what genericKernel.Run computes, as avx2Kernel.Run does.
func (avx512Kernel) Run(p *Program, state []uint64, w int) { runAsm(runAVX512, p, state, w) }

// avx2Kernel runs programs with the generated assembly loop runAVX2
// (kernels_amd64.s): 256-bit VPAND/VPOR/VPXOR/VPANDN on 16 words per
// iteration, then 4-word and single-word tails, so any w >= 1 is handled
// in assembly.
type avx2Kernel struct{}

func (avx2Kernel) Name() string { return "avx2" }

// avx2Chunk is the number of instructions per assembly call. Go cannot
// preempt a goroutine inside assembly, so long programs are cut into
// chunks (about 0.1 ms each at w = 256) to keep GC pauses short.
const avx2Chunk = 4096

// Run computes what genericKernel.Run computes. The assembly checks every
// slot number against len(state)/w and stops before an instruction naming
// a slot outside state; the rest of the program then goes to the generic
// kernel, which fails (index out of range) or proceeds exactly as it would
// have on its own (for example when an unused source field is not 0).
func (avx2Kernel) Run(p *Program, state []uint64, w int) { runAsm(runAVX2, p, state, w) }

// runAsm runs p in chunks of avx2Chunk instructions with the assembly
// kernel run and hands the rest to the generic kernel where run stops.
func runAsm(run func(code []Instr, state []uint64, w, nslots int) int, p *Program, state []uint64, w int) {
	if w <= 0 {
		return
	}
	nslots := len(state) / w
	for code := p.Code; len(code) > 0; {
		chunk := code[:min(len(code), avx2Chunk)]
		done := run(chunk, state, w, nslots)
		code = code[done:]
		if done < len(chunk) {
			rest := *p
			rest.Code = code
			genericKernel{}.Run(&rest, state, w)
			return
		}
	}
}
