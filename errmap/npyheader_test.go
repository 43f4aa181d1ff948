package errmap

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// npyHeaderSeeds are header dictionaries, valid and not, shared by the
// table tests and the fuzz seeds.
var npyHeaderSeeds = []string{
	"{'descr': '|i1', 'fortran_order': False, 'shape': (9, 400)}",
	"{'shape': (2,), 'fortran_order': False, 'descr': '<i4', }",
	"{'descr':'<i4','fortran_order':False,'shape':(2,)}",
	"{\"descr\": \"<i4\", \"fortran_order\": True, \"shape\": (2, 1,)}",
	"{'descr': '<f8', 'fortran_order': False, 'shape': ()}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (2)}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (2,),,}",
	"{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,)}",
	"{'descr': '<i4', 'fortran_order': Falsey, 'shape': (2,)}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (1_0, 0)}",
	"{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (2,)}",
	"{'descr': '<i4' 'fortran_order': False, 'shape': (2,)}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
	"{'descr': '<i4', 'fortran_order': False, 'shape': (2,)} x",
	"{'descr': '<i\\x34', 'fortran_order': False, 'shape': (2,)}",
}

// TestParseNPYDict: headers numpy accepts (any key order, optional trailing
// comma, any whitespace, both quotes, "()" scalars, "(n,)") parse to the
// right fields, and malformed ones give an error with the column of the
// offending token and the field. Written by hand from Python's literal
// syntax and numpy's format rules (numpy/lib/format.py: exactly the keys
// descr, fortran_order, shape; shape a tuple of ints).
func TestParseNPYDict(t *testing.T) {
	ok := []struct {
		in      string
		descr   string
		fortran bool
		shape   []int
	}{
		{npyHeaderSeeds[0], "|i1", false, []int{9, 400}},
		{npyHeaderSeeds[1], "<i4", false, []int{2}},
		{npyHeaderSeeds[2], "<i4", false, []int{2}},
		{npyHeaderSeeds[3], "<i4", true, []int{2, 1}},
		{npyHeaderSeeds[4], "<f8", false, []int{}},
		{npyHeaderSeeds[10], "<i4", false, []int{10, 0}},
		{"{'descr': '>u2', 'fortran_order': False, 'shape': (3, 4, 5), }" + strings.Repeat(" ", 40) + "\n", ">u2", false, []int{3, 4, 5}},
		{"\t{ 'fortran_order' :\n True , 'shape' : ( 1 , 2 ) , 'descr' : '=f4' , }\n", "=f4", true, []int{1, 2}},
	}
	for _, c := range ok {
		d, err := parseNPYDict(c.in)
		if err != nil || d.descr != c.descr || d.fortran != c.fortran || !slices.Equal(d.shape, c.shape) {
			t.Errorf("parseNPYDict(%q) = %+v, %v; want %s %v %v", c.in, d, err, c.descr, c.fortran, c.shape)
		}
	}
	bad := []struct {
		in, want string
	}{
		{npyHeaderSeeds[5], "col 51: shape: (2) is an int, not a tuple"},
		{npyHeaderSeeds[6], `col 57: unknown key "x"`},
		{npyHeaderSeeds[7], "col 56: want a key"},
		{npyHeaderSeeds[8], "col 11: descr: structured dtypes are not supported"},
		{npyHeaderSeeds[9], "col 35: fortran_order: want True or False, found \"Falsey\""},
		{npyHeaderSeeds[11], "col 18: descr: duplicate key"},
		{npyHeaderSeeds[12], "col 17: want ',' or '}' after the value of descr"},
		{npyHeaderSeeds[13], "col 52: shape: dimension too large"},
		{npyHeaderSeeds[14], "col 57: unexpected \"x\" after the header dictionary"},
		{npyHeaderSeeds[15], "col 14: descr: escape sequences are not supported"},
		{"", "col 1: want \"{\""},
		{"{", "col 2: want a key"},
		{"{'descr': '<i4', 'fortran_order': False}", "col 41: shape: missing key"},
		{"{'descr': '<i4, 'fortran_order': False, 'shape': (2,)}", "want ',' or '}' after the value of descr"},
		{"{'descr': '<i4", "col 11: descr: unterminated string"},
		{"{'descr': '<i4', 'fortran_order': False, 'shape': (-2,)}", "col 52: shape: negative dimension"},
		{"{'descr': '<i4', 'fortran_order': False, 'shape': (02,)}", "shape: leading zeros"},
		{"{'descr': '<i4', 'fortran_order': False, 'shape': (2 3)}", "col 54: shape: want ',' or ')'"},
		{"{'descr': '<i4', 'fortran_order': False, 'shape': [2]}", "col 51: shape: want a tuple"},
		{"{'descr': '<i4', 'fortran_order': 0, 'shape': (2,)}", "fortran_order: want True or False"},
		{"{'descr': 4, 'fortran_order': False, 'shape': (2,)}", "col 11: descr: want a quoted string"},
	}
	for _, c := range bad {
		d, err := parseNPYDict(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseNPYDict(%q) = %+v, %v; want an error containing %q", c.in, d, err, c.want)
		}
	}
}

// npyExpect is one entry of testdata/npy/expect.json: what numpy's np.load
// returns for the file.
type npyExpect struct {
	Shape   []int     `json:"shape"`
	Fortran bool      `json:"fortran_order"`
	Values  []float64 `json:"values"`
}

// checkNumpyFiles reads every file named in dir/expect.json with ReadTensor
// and compares shape, order and C-order values with what numpy read.
func checkNumpyFiles(t *testing.T, dir string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]npyExpect
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) < 10 {
		t.Fatalf("%s: only %d files", dir, len(want))
	}
	for name, w := range want {
		ten, err := ReadTensor(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.Equal(ten.Shape, w.Shape) || ten.Fortran != w.Fortran || !slices.Equal(ten.Float64(), w.Values) {
			t.Errorf("%s: shape %v fortran %v values %v; numpy read shape %v fortran %v values %v",
				name, ten.Shape, ten.Fortran, ten.Float64(), w.Shape, w.Fortran, w.Values)
		}
	}
}

// TestNumpyFiles reads the committed files of testdata/npy (unusual header
// formatting that numpy accepts, and Fortran-ordered arrays numpy wrote) and
// compares with the values numpy read from them (expect.json).
func TestNumpyFiles(t *testing.T) {
	checkNumpyFiles(t, filepath.Join("testdata", "npy"))
}

// TestNumpyFilesLive regenerates the files of testdata/npy with the real
// numpy (which must load each of them) into a temporary folder and reads
// them back. It skips when no python3 with numpy is installed.
func TestNumpyFilesLive(t *testing.T) {
	py := numpyPython(t)
	dir := t.TempDir()
	out, err := exec.Command(py, filepath.Join("testdata", "npy", "gen_npy.py"), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("gen_npy.py: %v\n%s", err, out)
	}
	checkNumpyFiles(t, dir)
}

// numpyPython returns a python3 that can import numpy, or skips the test.
// /usr/bin/python3 comes first: a pyenv shim on PATH may lack numpy.
func numpyPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil {
			if exec.Command(p, "-c", "import numpy").Run() == nil {
				return p
			}
		}
	}
	t.Skip("no python3 with numpy installed (apt-get install python3-numpy): numpy cross-check skipped")
	return ""
}

// FuzzParseNPYDict: the header parser never panics, and what it accepts
// has the three fields with a non-negative shape.
func FuzzParseNPYDict(f *testing.F) {
	for _, s := range npyHeaderSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseNPYDict(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), ".npy header: col ") {
				t.Fatalf("error %q lacks the column", err)
			}
			return
		}
		if d.shape == nil {
			t.Fatalf("accepted %q without a shape", s)
		}
		for _, n := range d.shape {
			if n < 0 {
				t.Fatalf("negative dimension in %q", s)
			}
		}
		_ = fmt.Sprint(d)
	})
}
