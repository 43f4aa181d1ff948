package errmap

import (
	"slices"
	"testing"
)

func TestTranspose(t *testing.T) {
	for _, c := range []struct {
		a, b   int
		signed bool
	}{{3, 5, false}, {4, 4, true}, {8, 8, false}} {
		// An asymmetric multiplier: a·b plus a term in a only.
		em, err := FromFunc(c.a, c.b, c.signed, func(a, b int64) int64 { return a*b + a&3 })
		if err != nil {
			t.Fatal(err)
		}
		tr := em.Transpose()
		if tr.ABits() != c.b || tr.BBits() != c.a || tr.Signed() != c.signed {
			t.Fatalf("%+v: widths %dx%d", c, tr.ABits(), tr.BBits())
		}
		alo, ahi := em.ARange()
		blo, bhi := em.BRange()
		for a := alo; a <= ahi; a++ {
			for b := blo; b <= bhi; b++ {
				e1, _ := em.Error(a, b)
				e2, ok := tr.Error(b, a)
				p1, _ := em.Approx(a, b)
				p2, _ := tr.Approx(b, a)
				if !ok || e1 != e2 || p1 != p2 {
					t.Fatalf("%+v: (%d, %d): %d/%d vs transposed %d/%d", c, a, b, p1, e1, p2, e2)
				}
			}
		}
		if !slices.Equal(tr.Transpose().Errors(), em.Errors()) {
			t.Fatalf("%+v: transposing twice differs", c)
		}
	}
}

func TestErrorTableAndTransposeLUT(t *testing.T) {
	em, err := FromFunc(8, 8, false, func(a, b int64) int64 { return a * b &^ (b & 7) })
	if err != nil {
		t.Fatal(err)
	}
	lut, err := em.LUT()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := em.ErrorTable()
	if err != nil {
		t.Fatal(err)
	}
	tlut, err := em.Transpose().LUT()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(TransposeLUT(lut), tlut) {
		t.Fatal("TransposeLUT(LUT) differs from LUT of Transpose")
	}
	for i := range 256 {
		for j := range 256 {
			x, w := int32(int8(uint8(i))), int32(int8(uint8(j)))
			if tab[i<<8|j] != lut[i<<8|j]-x*w {
				t.Fatalf("error table at x=%d w=%d: %d, want %d", x, w, tab[i<<8|j], lut[i<<8|j]-x*w)
			}
		}
	}
}
