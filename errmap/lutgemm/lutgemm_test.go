package lutgemm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randTable returns a table with entries in [-lim, lim].
func randTable(r *rand.Rand, lim int32) *[TableSize]int32 {
	t := new([TableSize]int32)
	for i := range t {
		t[i] = int32(r.Int64N(2*int64(lim)+1) - int64(lim))
	}
	return t
}

func randInt8(r *rand.Rand, n int) []int8 {
	v := make([]int8, n)
	for i := range v {
		v[i] = int8(r.IntN(256) - 128)
	}
	return v
}

// bruteForce is the definition, in int64 with no blocking.
func bruteForce(table *[TableSize]int32, x, w []int8, k, j int) []int64 {
	rows := len(x) / k
	out := make([]int64, rows*j)
	for i := range rows {
		for c := range j {
			s := int64(0)
			for q := range k {
				s += int64(table[int(uint8(x[i*k+q]))<<8|int(uint8(w[q*j+c]))])
			}
			out[i*j+c] = s
		}
	}
	return out
}

// TestMatMulKernels checks every available kernel against the brute-force
// sum on shapes that exercise the tiles (widths 1..70 around the 8, 16,
// 32 and 64 column tiles), empty and single k, and tables whose entries
// force several int32 blocks.
func TestMatMulKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	type tc struct {
		rows, k, j int
		lim        int32
	}
	cases := []tc{{1, 1, 1, 5}, {3, 7, 8, 1000}, {5, 9, 16, 1 << 15}, {70, 33, 33, 1 << 16}, {2, 5, 64, 100}, {9, 3, 70, 7}, {130, 27, 10, 300}}
	// Entries near 2^31 / 3 make K = 7 span three int32 blocks.
	cases = append(cases, tc{4, 7, 17, 1<<31/3 + 1000}, tc{3, 4, 5, 1<<31 - 1})
	for _, c := range cases {
		table := randTable(r, c.lim)
		x, wv := randInt8(r, c.rows*c.k), randInt8(r, c.k*c.j)
		want := bruteForce(table, x, wv, c.k, c.j)
		w, err := NewWeights(wv, c.k, c.j)
		if err != nil {
			t.Fatal(err)
		}
		for _, kn := range kernels {
			for _, workers := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/rows=%d,k=%d,j=%d,lim=%d,workers=%d", kn.name, c.rows, c.k, c.j, c.lim, workers), func(t *testing.T) {
					// Guard values around dst catch writes outside it.
					buf := make([]int64, len(want)+2)
					buf[0], buf[len(buf)-1] = 0x5a5a, -0x5a5a
					matMul(kn, buf[1:len(buf)-1], table, x, w, workers)
					if buf[0] != 0x5a5a || buf[len(buf)-1] != -0x5a5a {
						t.Fatal("guard values overwritten")
					}
					if got := buf[1 : len(buf)-1]; !slices.Equal(got, want) {
						t.Fatalf("differs from brute force: got %v, want %v", got[:min(8, len(got))], want[:min(8, len(want))])
					}
				})
			}
		}
	}
	t.Logf("kernels tested: %v (in use: %s)", Kernels(), Kernel())
}

// TestRowsKernelsGuard checks that the assembly row kernels touch exactly
// len(acc) accumulators and add like the generic kernel (wrapping).
func TestRowsKernelsGuard(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	table := randTable(r, 1<<30)
	for _, kn := range kernels {
		for _, n := range []int{16, 32, 48, 64, 80, 128} {
			k := 11
			x := make([]uint8, k)
			w := make([]uint8, k*n)
			for i := range x {
				x[i] = uint8(r.IntN(256))
			}
			for i := range w {
				w[i] = uint8(r.IntN(256))
			}
			want := make([]int32, n)
			for i := range want {
				want[i] = r.Int32()
			}
			got := append([]int32{7}, append(slices.Clone(want), 9)...)
			lutRowsGeneric(want, x, w, table)
			kn.rows(got[1:n+1], x, w, table)
			if got[0] != 7 || got[n+1] != 9 {
				t.Fatalf("%s n=%d: guard overwritten", kn.name, n)
			}
			if !slices.Equal(got[1:n+1], want) {
				t.Fatalf("%s n=%d: differs from generic", kn.name, n)
			}
		}
	}
}

func TestExactTable(t *testing.T) {
	// With the exact product table, MatMul is the integer matrix product.
	table := new([TableSize]int32)
	for i := range 256 {
		for j := range 256 {
			table[i<<8|j] = int32(int8(uint8(i))) * int32(int8(uint8(j)))
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	rows, k, j := 17, 300, 12
	x, wv := randInt8(r, rows*k), randInt8(r, k*j)
	w, _ := NewWeights(wv, k, j)
	got := make([]int64, rows*j)
	MatMul(got, table, x, w, 0)
	for i := range rows {
		for c := range j {
			s := int64(0)
			for q := range k {
				s += int64(x[i*k+q]) * int64(wv[q*j+c])
			}
			if got[i*j+c] != s {
				t.Fatalf("[%d, %d] = %d, want %d", i, c, got[i*j+c], s)
			}
		}
	}
}

func TestNewWeightsErrors(t *testing.T) {
	for _, c := range []struct {
		n, k, j int
	}{{0, 0, 1}, {6, 2, 2}, {4, 2, -2}} {
		if _, err := NewWeights(make([]int8, c.n), c.k, c.j); err == nil {
			t.Errorf("NewWeights(%d values, %d, %d): no error", c.n, c.k, c.j)
		}
	}
}
