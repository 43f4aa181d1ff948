package lutgemm

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/axmul/axmul/circuits/sim"
	"github.com/axmul/axmul/internal/safego"
)

// TableSize is the number of entries of a table.
const TableSize = 1 << 16

// kernel is one implementation of the row kernel.
type kernel struct {
	// name matches the simulator kernel it goes with.
	name string
	// lanes is the number of columns one vector holds; len(acc) passed
	// to rows is a multiple of it.
	lanes int
	// rows adds to acc[j] the entries table[x[k]<<8 | w[k*len(acc)+j]]
	// for every k < len(x) and j < len(acc) (see lutRowsGeneric).
	rows func(acc []int32, x []uint8, w []uint8, table *[TableSize]int32)
}

// lutRowsGeneric adds to acc[j], for every k < len(x) and j < len(acc),
// the entry table[x[k]<<8 | w[k*len(acc)+j]], wrapping modulo 2^32. It
// panics (index out of range) when len(w) < len(x)·len(acc).
func lutRowsGeneric(acc []int32, x []uint8, w []uint8, table *[TableSize]int32) {
	n := len(acc)
	_ = w[:len(x)*n]
	for k, xv := range x {
		row := (*[256]int32)(table[int(xv)<<8:])
		wk := w[k*n : (k+1)*n]
		for j, wv := range wk {
			acc[j] += row[wv]
		}
	}
}

// kernels lists the kernels, generic first and fastest last; it is fixed
// at package initialisation.
var kernels = append([]kernel{{name: "generic", lanes: 1, rows: lutRowsGeneric}}, platformKernels()...)

// Kernels returns the names of the kernels available on this machine,
// generic first and fastest last.
func Kernels() []string {
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = k.name
	}
	return names
}

// kernelNamed returns the kernel called name, or the fastest one when
// there is none of that name.
func kernelNamed(name string) kernel {
	for _, k := range kernels {
		if k.name == name {
			return k
		}
	}
	return kernels[len(kernels)-1]
}

// Kernel returns the name of the kernel MatMul uses now: the one named
// like sim.CurrentKernel, or the fastest LUT kernel when there is none of
// that name or AXMUL_KERNEL names no simulator kernel.
func Kernel() string { return currentKernel().name }

func currentKernel() kernel {
	name, err := sim.CurrentKernel()
	if err != nil {
		return kernels[len(kernels)-1]
	}
	return kernelNamed(name)
}

// MaxAbs returns the largest magnitude of the table's entries (as int64,
// so that -2^31 is 2^31).
func MaxAbs(table *[TableSize]int32) int64 {
	m := int64(0)
	for _, v := range table {
		m = max(m, abs64(int64(v)))
	}
	return m
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// blockK returns the number of k terms that can be summed in int32
// without overflow when every term has magnitude at most maxAbs.
func blockK(maxAbs int64) int {
	if maxAbs == 0 {
		return math.MaxInt
	}
	return int(math.MaxInt32 / maxAbs)
}

// Weights is a weight matrix [K, J] prepared for MatMul: the uint8 bit
// patterns, with the columns padded to a multiple of the widest kernel's
// vector. It can be reused for many tables.
type Weights struct {
	k, j, stride int
	w            []uint8
}

// NewWeights prepares the int8 weight matrix w, row-major [k, j].
func NewWeights(w []int8, k, j int) (*Weights, error) {
	if k <= 0 || j <= 0 || len(w) != k*j {
		return nil, fmt.Errorf("lutgemm: weights: %d values do not form [%d, %d] with positive sides", len(w), k, j)
	}
	lanes := 1
	for _, kn := range kernels {
		lanes = max(lanes, kn.lanes)
	}
	stride := (j + lanes - 1) / lanes * lanes
	out := &Weights{k: k, j: j, stride: stride, w: make([]uint8, k*stride)}
	for r := range k {
		for c, v := range w[r*j : (r+1)*j] {
			out.w[r*stride+c] = uint8(v)
		}
	}
	return out, nil
}

// K returns the number of rows of the weight matrix (the fan-in).
func (w *Weights) K() int { return w.k }

// J returns the number of columns (output channels).
func (w *Weights) J() int { return w.j }

// rowBlock is the number of feature rows one worker task computes.
const rowBlock = 64

// MatMul sets dst[i*J+j] = Σ_k table[uint8(x[i*K+k])<<8 | uint8(w[k, j])]
// for every row i of x ([rows, K] row-major, rows = len(x)/K) and column j
// of w, exactly (int64 sums). dst must hold rows·J values. workers bounds
// the goroutines (<= 0: GOMAXPROCS); the result does not depend on it or on
// the kernel. It panics if len(x) is not a multiple of K or dst has the
// wrong length (programmer errors).
func MatMul(dst []int64, table *[TableSize]int32, x []int8, w *Weights, workers int) {
	matMul(currentKernel(), dst, table, x, w, workers)
}

func matMul(kn kernel, dst []int64, table *[TableSize]int32, x []int8, w *Weights, workers int) {
	if len(x)%w.k != 0 {
		panic(fmt.Sprintf("lutgemm: %d features are not a multiple of K = %d", len(x), w.k))
	}
	rows := len(x) / w.k
	if len(dst) != rows*w.j {
		panic(fmt.Sprintf("lutgemm: dst has %d values, want rows·J = %d·%d", len(dst), rows, w.j))
	}
	if rows == 0 {
		return
	}
	kb := blockK(MaxAbs(table))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tasks := (rows + rowBlock - 1) / rowBlock
	workers = min(workers, tasks)
	var next sync.Mutex
	t := 0
	var wg sync.WaitGroup
	panics := make([]error, workers)
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			panics[wk] = safego.Do(func() {
				acc := make([]int32, w.stride)
				sum := make([]int64, w.j)
				for {
					next.Lock()
					b := t
					t++
					next.Unlock()
					if b >= tasks {
						return
					}
					for i := b * rowBlock; i < min(rows, (b+1)*rowBlock); i++ {
						row(kn, dst[i*w.j:(i+1)*w.j], acc, sum, table, x[i*w.k:(i+1)*w.k], w, kb)
					}
				}
			})
		}()
	}
	wg.Wait()
	safego.Repanic(panics) // a worker's panic goes on in the caller
}

// row computes one output row into dst.
func row(kn kernel, dst []int64, acc []int32, sum []int64, table *[TableSize]int32, x []int8, w *Weights, kb int) {
	xb := unsafeBytes(x)
	clear(sum)
	for k0 := 0; k0 < w.k; k0 += kb {
		k1 := min(w.k, k0+kb)
		clear(acc)
		kn.rows(acc, xb[k0:k1], w.w[k0*w.stride:k1*w.stride], table)
		for j := range sum {
			sum[j] += int64(acc[j])
		}
	}
	copy(dst, sum)
}
