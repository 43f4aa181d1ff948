package errmap

import (
	"math/rand/v2"
	"testing"
)

// randomUnsigned8 returns an unsigned 8x8 map M(a, b) = a·b + d(a, b) with
// pseudo-random d, including M(0, b) != 0, so that s(0) = +1 matters.
func randomUnsigned8(t *testing.T, seed uint64) (*ErrorMap, [256][256]int64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 2))
	var want [256][256]int64
	for a := range 256 {
		for b := range 256 {
			v := int64(a*b) + r.Int64N(601) - 300
			want[a][b] = min(max(v, 0), 65535)
		}
	}
	em, err := FromFunc(8, 8, false, func(a, b int64) int64 { return want[a][b] })
	if err != nil {
		t.Fatal(err)
	}
	return em, want
}

func TestFromProductsMatchesFromFunc(t *testing.T) {
	for _, c := range []struct {
		a, b   int
		signed bool
	}{{2, 2, false}, {2, 2, true}, {3, 5, true}, {5, 3, false}, {8, 8, true}, {8, 4, false}} {
		// A deliberately odd approximation: exact product with bit 1 of the
		// output forced to 1, wrapped to the output width.
		ow := c.a + c.b
		f := func(a, b int64) int64 {
			v := (a*b | 2) & (1<<ow - 1)
			if c.signed && v>>(ow-1) != 0 {
				v -= 1 << ow
			}
			return v
		}
		raw := make([]uint64, 1<<ow)
		for pb := range 1 << c.b {
			for pa := range 1 << c.a {
				a, b := int64(pa), int64(pb)
				if c.signed {
					a = int64(pa<<(64-c.a)) >> (64 - c.a)
					b = int64(pb<<(64-c.b)) >> (64 - c.b)
				}
				raw[pb<<c.a|pa] = uint64(f(a, b)) & (1<<ow - 1)
			}
		}
		got, err := FromProducts(c.a, c.b, c.signed, raw)
		if err != nil {
			t.Fatal(err)
		}
		want, err := FromFunc(c.a, c.b, c.signed, f)
		if err != nil {
			t.Fatal(err)
		}
		alo, ahi := got.ARange()
		blo, bhi := got.BRange()
		for a := alo; a <= ahi; a++ {
			for b := blo; b <= bhi; b++ {
				p, ok1 := got.Approx(a, b)
				q, ok2 := want.Approx(a, b)
				e, ok3 := got.Error(a, b)
				if !ok1 || !ok2 || !ok3 || p != q || e != p-a*b || p != f(a, b) {
					t.Fatalf("%dx%d signed=%v (%d,%d): FromProducts %d, FromFunc %d, f %d, error %d", c.a, c.b, c.signed, a, b, p, q, f(a, b), e)
				}
			}
		}
		// Row-major layout: first entry is (lo_A, lo_B), entry 1 is (lo_A, lo_B+1).
		if got.Products()[1] != int32(f(alo, blo+1)) || got.Errors()[1<<c.b] != int32(f(alo+1, blo)-(alo+1)*blo) {
			t.Errorf("%dx%d: layout is not row = A, column = B", c.a, c.b)
		}
	}
}

func TestErrorMapBadInput(t *testing.T) {
	if _, err := FromProducts(2, 2, false, make([]uint64, 15)); err == nil {
		t.Error("short raw table: no error")
	}
	raw := make([]uint64, 16)
	raw[3] = 16
	if _, err := FromProducts(2, 2, false, raw); err == nil {
		t.Error("raw value wider than the output: no error")
	}
	if _, err := FromFunc(13, 12, false, func(a, b int64) int64 { return a * b }); err == nil {
		t.Error("25 product bits: no error")
	}
	if _, err := FromFunc(2, 2, false, func(a, b int64) int64 { return 1 << 40 }); err == nil {
		t.Error("product beyond int32: no error")
	}
	em, _ := FromFunc(2, 2, true, func(a, b int64) int64 { return a * b })
	for _, ab := range [][2]int64{{-3, 0}, {2, 0}, {0, -3}, {0, 2}} {
		if _, ok := em.Approx(ab[0], ab[1]); ok {
			t.Errorf("Approx%v out of range: ok", ab)
		}
		if _, ok := em.Error(ab[0], ab[1]); ok {
			t.Errorf("Error%v out of range: ok", ab)
		}
	}
	if _, err := em.Int8(); err == nil {
		t.Error("Int8 of a 2x2 map: no error")
	}
}

func TestInt8SignMagnitude(t *testing.T) {
	um, m := randomUnsigned8(t, 3)
	im, err := um.Int8()
	if err != nil {
		t.Fatal(err)
	}
	if !im.IsInt8() || um.IsInt8() {
		t.Fatal("IsInt8 wrong")
	}
	abs := func(v int64) int64 {
		if v < 0 {
			return -v
		}
		return v
	}
	sgn := func(v int64) int64 {
		if v < 0 {
			return -1
		}
		return 1
	}
	for x := int64(-128); x <= 127; x++ {
		for w := int64(-128); w <= 127; w++ {
			want := sgn(x) * sgn(w) * m[abs(x)][abs(w)]
			got, ok := im.Approx(x, w)
			e, _ := im.Error(x, w)
			if !ok || got != want || e != want-x*w {
				t.Fatalf("int8 (%d,%d): approx %d error %d, want approx %d", x, w, got, e, want)
			}
		}
	}
	// A signed 8x8 map is already in the int8 domain.
	sm, _ := FromFunc(8, 8, true, func(a, b int64) int64 { return a*b + 1 })
	if got, _ := sm.Int8(); got != sm {
		t.Error("Int8 of a signed 8x8 map is not the map itself")
	}
}

func TestInt8ConcurrentCache(t *testing.T) {
	um, _ := randomUnsigned8(t, 21)
	got := make([]*ErrorMap, 4)
	done := make(chan int)
	for g := range got {
		go func() {
			got[g], _ = um.Int8()
			done <- g
		}()
	}
	for range got {
		<-done
	}
	for _, m := range got {
		if m == nil || m != got[0] {
			t.Fatal("Int8 returned different maps for one unsigned map")
		}
	}
}
