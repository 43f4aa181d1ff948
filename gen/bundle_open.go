package gen

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/regfile"
)

// Bundle is an opened library bundle. Maps are read lazily and cached; a
// Bundle is safe for concurrent use.
type Bundle struct {
	dir    string
	index  BundleIndex
	byName map[string]int
	maps   []lazyMaps
}

// lazyMaps caches the maps of one entry.
type lazyMaps struct {
	native, int8 lazyMap
}

type lazyMap struct {
	once sync.Once
	em   *errmap.ErrorMap
	err  error
}

func (l *lazyMap) get(load func() (*errmap.ErrorMap, error)) (*errmap.ErrorMap, error) {
	l.once.Do(func() { l.em, l.err = load() })
	return l.em, l.err
}

// OpenBundle reads dir/index.json and checks it: format and version, unique
// non-empty names, operand widths, the fields that record how the netlist
// was read (signed_from, ports, o_range, ties; optional), that every entry
// names the maps its size calls for (files.error_map up to errmap.MaxMapBits operand bits,
// files.int8_lut and files.int8_error_map for 8x8), and for every map file
// that it exists inside the bundle and that its .npy header has dtype int32
// and the shape the entry implies. The index is decoded under
// internal/jsonfile's policy (unknown keys and trailing data are errors at
// line:col). Errors name the file and the field.
func OpenBundle(dir string) (*Bundle, error) {
	ipath := filepath.Join(dir, IndexFile)
	data, err := regfile.ReadFile(ipath)
	if err != nil {
		return nil, fmt.Errorf("gen: bundle: %w", err)
	}
	var idx BundleIndex
	if err := jsonfile.Decode(ipath, data, &idx); err != nil {
		return nil, fmt.Errorf("gen: bundle: %w", err)
	}
	switch {
	case idx.Format != BundleFormat:
		return nil, fmt.Errorf("gen: bundle: %s: field format is %q, want %q", ipath, idx.Format, BundleFormat)
	case idx.Version != BundleVersion && idx.Version != 1:
		return nil, fmt.Errorf("gen: bundle: %s: field version is %d, want %d (or 1)", ipath, idx.Version, BundleVersion)
	}
	switch idx.ActivationPort {
	case "", PortA, PortB:
	default:
		return nil, fmt.Errorf("gen: bundle: %s: field activation_port is %q, want %q or %q", ipath, idx.ActivationPort, PortA, PortB)
	}
	b := &Bundle{dir: dir, index: idx, byName: make(map[string]int, len(idx.Multipliers)), maps: make([]lazyMaps, len(idx.Multipliers))}
	for i := range idx.Multipliers {
		e := &idx.Multipliers[i]
		where := fmt.Sprintf("%s: multipliers[%d]", ipath, i)
		if e.Name == "" {
			return nil, fmt.Errorf("gen: bundle: %s: field name is empty", where)
		}
		where += " (" + e.Name + ")"
		if _, dup := b.byName[e.Name]; dup {
			return nil, fmt.Errorf("gen: bundle: %s: duplicate name", where)
		}
		b.byName[e.Name] = i
		if e.ABits < 1 || e.BBits < 1 || e.ABits+e.BBits > errmap.MaxProductBits {
			return nil, fmt.Errorf("gen: bundle: %s: fields a_bits, b_bits are %d, %d: want >= 1 with a sum <= %d", where, e.ABits, e.BBits, errmap.MaxProductBits)
		}
		if err := checkReadAs(e); err != nil {
			return nil, fmt.Errorf("gen: bundle: %s: %w", where, err)
		}
		is8x8 := e.ABits == 8 && e.BBits == 8
		rows, cols := 1<<min(e.ABits, 30), 1<<min(e.BBits, 30)
		if b.transposed() {
			rows, cols = cols, rows
		}
		checks := []struct {
			field, file string
			digest      string
			rows, cols  int
			allowed     bool
		}{
			{"files.error_map", e.Files.ErrorMap, e.Files.ErrorMapSHA256, rows, cols, e.ABits+e.BBits <= errmap.MaxMapBits},
			{"files.int8_lut", e.Files.Int8LUT, e.Files.Int8LUTSHA256, 256, 256, is8x8},
			{"files.int8_error_map", e.Files.Int8ErrorMap, e.Files.Int8ErrorMapSHA256, 256, 256, is8x8},
		}
		for _, c := range checks {
			switch {
			case c.digest != "" && idx.Version < 2:
				return nil, fmt.Errorf("gen: bundle: %s: field %s_sha256 needs version %d", where, c.field, BundleVersion)
			case c.digest != "" && c.file == "":
				return nil, fmt.Errorf("gen: bundle: %s: field %s_sha256 is set without %s", where, c.field, c.field)
			case c.digest == "" && c.file != "" && idx.Version >= 2:
				return nil, fmt.Errorf("gen: bundle: %s: field %s_sha256 is missing (the digest of %s)", where, c.field, c.file)
			case c.digest != "" && (len(c.digest) != 64 || strings.Trim(c.digest, "0123456789abcdef") != ""):
				return nil, fmt.Errorf("gen: bundle: %s: field %s_sha256 is %q, want 64 lower-case hex digits", where, c.field, c.digest)
			}
		}
		for _, c := range checks {
			if c.file == "" {
				if c.allowed {
					// gen writes every map a circuit of this size has;
					// an entry without one is damaged, not smaller.
					return nil, fmt.Errorf("gen: bundle: %s: missing field %s", where, c.field)
				}
				continue
			}
			if !c.allowed {
				return nil, fmt.Errorf("gen: bundle: %s: field %s is set for a %dx%d multiplier", where, c.field, e.ABits, e.BBits)
			}
			p, err := b.path(c.file)
			if err != nil {
				return nil, fmt.Errorf("gen: bundle: %s: field %s: %w", where, c.field, err)
			}
			if err := checkNPY(p, c.rows, c.cols); err != nil {
				return nil, fmt.Errorf("gen: bundle: %s: field %s: %w", where, c.field, err)
			}
		}
	}
	return b, nil
}

// checkReadAs checks the fields that record how an entry's netlist was
// read (all optional: older indexes lack them).
func checkReadAs(e *BundleEntry) error {
	switch e.SignedFrom {
	case "", SignFromFlag, SignFromPorts, SignFromModule, SignFromFile, SignFromDefault:
	default:
		return fmt.Errorf("field signed_from is %q, want one of %s, %s, %s, %s, %s", e.SignedFrom, SignFromFlag, SignFromPorts, SignFromModule, SignFromFile, SignFromDefault)
	}
	if p := e.Ports; p != nil {
		if p.A == "" || p.B == "" || p.O == "" || p.A == p.B || p.A == p.O || p.B == p.O {
			return fmt.Errorf("fields ports.a, ports.b, ports.o are %q, %q, %q: want three different port names", p.A, p.B, p.O)
		}
	}
	if e.ORange != "" {
		var hi, lo int
		if n, err := fmt.Sscanf(e.ORange, "[%d:%d]", &hi, &lo); err != nil || n != 2 || lo < 0 || hi < lo || fmt.Sprintf("[%d:%d]", hi, lo) != e.ORange {
			return fmt.Errorf("field o_range is %q, want [HI:LO] with HI >= LO >= 0", e.ORange)
		}
	}
	seen := map[string]bool{}
	for _, s := range e.Ties {
		t, err := circuits.ParseTie(s)
		if err != nil {
			return fmt.Errorf("field ties: %w", err)
		}
		if seen[t.Name] {
			return fmt.Errorf("field ties: input %s is tied twice", t.Name)
		}
		seen[t.Name] = true
		if p := e.Ports; p != nil && (t.Name == p.A || t.Name == p.B) {
			return fmt.Errorf("field ties: %s is tied and plays an operand (ports)", t.Name)
		}
	}
	return nil
}

// path resolves a slash-separated bundle-relative file name, refusing
// names that leave the bundle.
func (b *Bundle) path(rel string) (string, error) {
	clean := path.Clean(rel)
	if path.IsAbs(rel) || filepath.IsAbs(rel) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(rel, `\`) {
		return "", fmt.Errorf("%q is not a relative path inside the bundle", rel)
	}
	return filepath.Join(b.dir, filepath.FromSlash(clean)), nil
}

// checkNPY reads the header of a .npy file and checks dtype and shape
// (errmap.ReadTensorHeader guards against malformed headers).
func checkNPY(p string, rows, cols int) error {
	h, err := errmap.ReadTensorHeader(p)
	if err != nil {
		return err
	}
	if h.Dtype != "<i4" {
		return fmt.Errorf("%s: dtype %q, want '<i4'", p, h.Dtype)
	}
	if !slices.Equal(h.Shape, []int{rows, cols}) {
		return fmt.Errorf("%s: shape %v, want [%d %d]", p, h.Shape, rows, cols)
	}
	return nil
}

// transposed reports whether the stored maps are laid out for activations
// on port B (rows = port B).
func (b *Bundle) transposed() bool { return b.index.ActivationPort == PortB }

// ActivationPort returns the port the stored maps and LUTs are laid out
// for: PortB for bundles built with BuildOptions.ActivationPort B, else
// PortA. The maps and LUTs Bundle returns are in the circuits' own layout
// (rows = port A) either way; this is the orientation the bundle was
// built for, which select, validate and deploy take as their default.
func (b *Bundle) ActivationPort() string {
	if b.transposed() {
		return PortB
	}
	return PortA
}

// Dir returns the bundle folder.
func (b *Bundle) Dir() string { return b.dir }

// Source returns where the bundle's circuits came from.
func (b *Bundle) Source() BundleSource { return b.index.Source }

// Entries returns the multipliers sorted as in the index (by name). The
// entries' Published maps are shared and must not be modified.
func (b *Bundle) Entries() []BundleEntry { return slices.Clone(b.index.Multipliers) }

// Entry returns the named multiplier.
func (b *Bundle) Entry(name string) (BundleEntry, bool) {
	i, ok := b.byName[name]
	if !ok {
		return BundleEntry{}, false
	}
	return b.index.Multipliers[i], true
}

func (b *Bundle) lookup(name string) (int, *BundleEntry, error) {
	i, ok := b.byName[name]
	if !ok {
		return 0, nil, fmt.Errorf("gen: bundle %s: unknown multiplier %q", b.dir, name)
	}
	return i, &b.index.Multipliers[i], nil
}

// ErrorMap returns the native-domain error map of the named multiplier,
// read on first use, rows = port A (a port-B bundle's stored map is
// transposed back). Multipliers with more than 24 operand bits have none.
func (b *Bundle) ErrorMap(name string) (*errmap.ErrorMap, error) {
	i, e, err := b.lookup(name)
	if err != nil {
		return nil, err
	}
	return b.maps[i].native.get(func() (*errmap.ErrorMap, error) {
		return b.readMap(e, "files.error_map", e.Files.ErrorMap, e.Files.ErrorMapSHA256, e.Signed, e.ABits, e.BBits)
	})
}

// Int8Map returns the int8-domain error map of the named 8x8 multiplier
// (errmap.ErrorMap.Int8 of its native map), read on first use, rows = port
// A like ErrorMap.
func (b *Bundle) Int8Map(name string) (*errmap.ErrorMap, error) {
	i, e, err := b.lookup(name)
	if err != nil {
		return nil, err
	}
	if e.Files.Int8ErrorMap != "" && e.Files.Int8ErrorMap == e.Files.ErrorMap {
		return b.ErrorMap(name)
	}
	return b.maps[i].int8.get(func() (*errmap.ErrorMap, error) {
		return b.readMap(e, "files.int8_error_map", e.Files.Int8ErrorMap, e.Files.Int8ErrorMapSHA256, true, 8, 8)
	})
}

// LUT returns the TorchApprox lookup table of the named 8x8 multiplier:
// lut[i<<8|j] is the approximate product of the int8 operands with uint8
// bit patterns i at port A and j at port B (see errmap.ErrorMap.LUT), the
// stored table as is, or transposed back in a port-B bundle. It is not
// cached.
func (b *Bundle) LUT(name string) ([]int32, error) {
	_, e, err := b.lookup(name)
	if err != nil {
		return nil, err
	}
	if e.Files.Int8LUT == "" {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s (%dx%d) has no int8 LUT", b.dir, name, e.ABits, e.BBits)
	}
	p, err := b.path(e.Files.Int8LUT)
	if err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field files.int8_lut: %w", b.dir, name, err)
	}
	if err := verifyFile(p, e.Files.Int8LUTSHA256); err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field files.int8_lut: %w", b.dir, name, err)
	}
	em, err := errmap.ReadLUT(p)
	if err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field files.int8_lut: %w", b.dir, name, err)
	}
	lut, err := em.LUT()
	if err != nil || !b.transposed() {
		return lut, err
	}
	return errmap.TransposeLUT(lut), nil
}

// readMap reads one stored error map and checks its widths (aBits, bBits:
// the circuit's), transposing a port-B bundle's map back to rows = port A.
func (b *Bundle) readMap(e *BundleEntry, field, rel, digest string, signed bool, aBits, bBits int) (*errmap.ErrorMap, error) {
	if rel == "" {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s (%dx%d) has no %s", b.dir, e.Name, e.ABits, e.BBits, field)
	}
	p, err := b.path(rel)
	if err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field %s: %w", b.dir, e.Name, field, err)
	}
	if err := verifyFile(p, digest); err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field %s: %w", b.dir, e.Name, field, err)
	}
	em, err := errmap.ReadNPY(p, signed)
	if err != nil {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field %s: %w", b.dir, e.Name, field, err)
	}
	ra, rb := aBits, bBits
	if b.transposed() {
		ra, rb = bBits, aBits
	}
	if em.ABits() != ra || em.BBits() != rb {
		return nil, fmt.Errorf("gen: bundle %s: multiplier %s: field %s: %s is %dx%d, want %dx%d", b.dir, e.Name, field, p, em.ABits(), em.BBits(), ra, rb)
	}
	if b.transposed() {
		em = em.Transpose()
	}
	return em, nil
}

// verifyFile checks the file at p against the hex sha256 digest the
// index records for it (indexes of version 1 record none: digest "").
func verifyFile(p, digest string) error {
	if digest == "" {
		return nil
	}
	got, err := fileSHA256(p)
	if err != nil {
		return err
	}
	if got != digest {
		return fmt.Errorf("%s was changed after the bundle was built: its sha256 is %s, index.json records %s (rebuild the bundle with axmul gen)", p, got, digest)
	}
	return nil
}
