package verilog

import (
	"go/token"
	"sort"
	"testing"
)

// TestBuiltinCellNames checks that isBuiltinCell knows exactly the modules
// of builtinCellsSource.
func TestBuiltinCellNames(t *testing.T) {
	f, err := ParseSource(token.NewFileSet(), "<builtin-cells>", []byte(builtinCellsSource))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range f.Modules {
		names = append(names, m.Name)
		if !isBuiltinCell(m.Name) {
			t.Errorf("isBuiltinCell(%s) = false", m.Name)
		}
	}
	sort.Strings(names)
	if len(names) != 15 {
		t.Errorf("%d built-in modules %v; update isBuiltinCell", len(names), names)
	}
	for _, n := range []string{"", "AND2X2", "and2x1", "PDKGENAND2X1", "FAX"} {
		if isBuiltinCell(n) {
			t.Errorf("isBuiltinCell(%q) = true", n)
		}
	}
}

// TestKeywordShape checks what Lookup's shortcut assumes: every keyword
// starts with a lower-case letter and has at least two characters.
func TestKeywordShape(t *testing.T) {
	for tok := keywordBeg + 1; tok < keywordEnd; tok++ {
		k := tokens[tok]
		if len(k) < 2 || k[0] < 'a' || k[0] > 'z' {
			t.Errorf("keyword %q", k)
		}
		if Lookup(k) != tok {
			t.Errorf("Lookup(%q) = %v, want %v", k, Lookup(k), tok)
		}
	}
}
