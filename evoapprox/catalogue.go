package evoapprox

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/axmul/axmul/internal/regfile"
)

// Layout is the folder layout of an EvoApprox checkout.
type Layout uint8

// Layouts.
const (
	// LayoutAuto asks OpenLayout to detect the layout (see DetectLayout).
	LayoutAuto Layout = iota
	// LayoutRepo is the EvoApproxLib v2022 repository:
	// multiplers/<group>/<pareto set>/<name>.v (upstream spelling), where a
	// circuit appears once per pareto set it belongs to. The root may be the
	// repository or its multiplers folder.
	LayoutRepo
	// LayoutGrouped is the flattened v2022 layout: <group>/<name>.v, e.g.
	// 8x8_signed/mul8s_1KV6.v.
	LayoutGrouped
	// LayoutFlat is one folder of circuits, e.g. EvoApprox8b's mul8_NNN.v and
	// mul8_<Architecture>.v. The root may be the EvoApprox8b repository, whose
	// multipliers_8 folder is then read.
	LayoutFlat
)

// String returns "auto", "repo", "grouped" or "flat".
func (l Layout) String() string {
	switch l {
	case LayoutAuto:
		return "auto"
	case LayoutRepo:
		return "repo"
	case LayoutGrouped:
		return "grouped"
	case LayoutFlat:
		return "flat"
	}
	return fmt.Sprintf("Layout(%d)", uint8(l))
}

// Folder names of the upstream repositories.
const (
	repoMultipliers = "multiplers"    // EvoApproxLib v2022, upstream spelling
	repo8b          = "multipliers_8" // EvoApprox8b
	pdk45Suffix     = "_pdk45"
)

// Entry is one circuit of a catalogue.
type Entry struct {
	// Name is the circuit name: the file name without ".v".
	Name string
	// Shape is derived from Name (see ParseName).
	Shape Shape
	// Group is the group folder ("8x8_signed"), "" in a flat folder.
	Group string
	// Path is the generic netlist (<name>.v); "" when the checkout only has
	// the standard-cell twin.
	Path string
	// PDK45Path is the standard-cell twin <name>_pdk45.v, "" if none. Its
	// cells are defined only in a Liberty library.
	PDK45Path string
	// ParetoSets are the pareto sets the circuit belongs to, sorted: the
	// union of the pareto-set folders in LayoutRepo, the set named in the
	// file's banner otherwise (none for EvoApprox8b).
	ParetoSets []string
	// Header holds the published figures of the file (of Path, or of
	// PDK45Path when there is no Path).
	Header Header
	// Ports are the ports of the top module (the module named Name), nil if
	// they could not be read.
	Ports []Port
	// Warnings lists inconsistencies found while reading the entry: port
	// widths that disagree with Shape, a group folder that disagrees with
	// the name, copies in several pareto sets with different figures, a
	// missing generic netlist.
	Warnings []string
}

// Figure returns the published figure with the given common key.
func (e *Entry) Figure(key string) (Figure, bool) { return e.Header.Figure(key) }

// Candidate is one multiplier of a search space: its name and shape and the
// performance metric (cost) the selection minimises, by default power.
type Candidate struct {
	Name  string
	Shape Shape
	// Metric is the common key of Value, e.g. "power_mw".
	Metric string
	// Value is the published figure in the unit of Metric (KeyUnit).
	Value float64
	// Figure is the published figure as printed, for its precision.
	Figure Figure
}

// Library is the approximate-multiplier library abstraction of the selection
// engine (agnapprox's ApproxLibrary): a name and a search space of
// candidates with a performance metric. Loading a candidate's error map or
// lookup table needs netlist simulation and is provided by the packages that
// simulate circuits, not by this interface.
type Library interface {
	// Name identifies the library, e.g. "EvoApproxLib".
	Name() string
	// SearchSpace returns every candidate with its value of metric (a common
	// key; "" means power), sorted by name byte-wise.
	SearchSpace(metric string) ([]Candidate, error)
}

// Catalogue is the read-only list of circuits of one EvoApprox checkout,
// sorted by name byte-wise. It implements Library. A Catalogue is safe for
// concurrent use.
type Catalogue struct {
	name    string
	root    string
	layout  Layout
	entries []Entry
	index   map[string]int
}

var _ Library = (*Catalogue)(nil)

// Name returns the library name: the "Library =" of the headers when all
// entries agree on one (EvoApprox8b), "EvoApproxLib" for the v2022 layouts,
// otherwise the base name of the root folder.
func (c *Catalogue) Name() string { return c.name }

// Root returns the folder the catalogue was opened from.
func (c *Catalogue) Root() string { return c.root }

// Layout returns the layout the catalogue was read with.
func (c *Catalogue) Layout() Layout { return c.layout }

// Len returns the number of entries.
func (c *Catalogue) Len() int { return len(c.entries) }

// Entries returns the entries sorted by name. The slice is a copy; the
// entries share their slices with the catalogue and must not be modified.
func (c *Catalogue) Entries() []Entry { return slices.Clone(c.entries) }

// Lookup returns the entry with the given name.
func (c *Catalogue) Lookup(name string) (Entry, bool) {
	i, ok := c.index[name]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i], true
}

// SearchSpace returns one candidate per entry with the published value of
// metric (a key of Keys; "" means KeyPower), sorted by name byte-wise. It is
// an error if metric is unknown or an entry has no such figure.
func (c *Catalogue) SearchSpace(metric string) ([]Candidate, error) {
	if metric == "" {
		metric = defaultMetric
	}
	if _, ok := KeyUnit(metric); !ok {
		return nil, fmt.Errorf("evoapprox: unknown metric %q (want one of %s)", metric, strings.Join(Keys(), ", "))
	}
	out := make([]Candidate, 0, len(c.entries))
	for i := range c.entries {
		e := &c.entries[i]
		f, ok := e.Figure(metric)
		if !ok {
			return nil, fmt.Errorf("evoapprox: %s (%s): no published %s", e.Name, e.file(), metric)
		}
		out = append(out, Candidate{Name: e.Name, Shape: e.Shape, Metric: metric, Value: f.Value, Figure: f})
	}
	return out, nil
}

// Subset returns a catalogue named name holding the entries for which keep
// returns true, e.g. one shape for a selection run.
func (c *Catalogue) Subset(name string, keep func(*Entry) bool) *Catalogue {
	s := &Catalogue{name: name, root: c.root, layout: c.layout, index: map[string]int{}}
	for i := range c.entries {
		if keep(&c.entries[i]) {
			s.index[c.entries[i].Name] = len(s.entries)
			s.entries = append(s.entries, c.entries[i])
		}
	}
	return s
}

// OfShape returns a filter for Subset keeping the entries of shape s.
func OfShape(s Shape) func(*Entry) bool {
	return func(e *Entry) bool { return e.Shape == s }
}

func (e *Entry) file() string {
	if e.Path != "" {
		return e.Path
	}
	return e.PDK45Path
}

// DetectLayout inspects root and returns its layout:
//   - LayoutRepo if root has a multiplers folder, or group folders
//     (<A>x<B>_<signed|unsigned>) holding pareto_* folders;
//   - LayoutGrouped if root has group folders holding .v files;
//   - LayoutFlat if root has a multipliers_8 folder or mul*.v files.
func DetectLayout(root string) (Layout, error) {
	if isDir(filepath.Join(root, repoMultipliers)) {
		return LayoutRepo, nil
	}
	if isDir(filepath.Join(root, repo8b)) {
		return LayoutFlat, nil
	}
	ents, err := os.ReadDir(root)
	if err != nil {
		return LayoutAuto, fmt.Errorf("evoapprox: detecting layout: %w", err)
	}
	groups, flat := 0, false
	for _, d := range ents {
		if d.IsDir() {
			if _, err := ParseGroup(d.Name()); err != nil {
				continue
			}
			groups++
			sub, err := os.ReadDir(filepath.Join(root, d.Name()))
			if err != nil {
				return LayoutAuto, fmt.Errorf("evoapprox: detecting layout: %w", err)
			}
			for _, s := range sub {
				if s.IsDir() && strings.HasPrefix(s.Name(), "pareto_") {
					return LayoutRepo, nil
				}
			}
		} else if strings.HasPrefix(d.Name(), "mul") && strings.HasSuffix(d.Name(), ".v") {
			flat = true
		}
	}
	switch {
	case groups > 0:
		return LayoutGrouped, nil
	case flat:
		return LayoutFlat, nil
	}
	return LayoutAuto, fmt.Errorf("evoapprox: %s: no EvoApprox layout (no %s folder, no <A>x<B>_<signed|unsigned> folders, no mul*.v files)", root, repoMultipliers)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// Open reads the checkout at root, detecting its layout; see OpenLayout.
func Open(root string) (*Catalogue, error) { return OpenLayout(root, LayoutAuto) }

// file is one .v file found in a checkout.
type vfile struct {
	path, group, pareto, name string
	twin                      bool // a _pdk45 netlist
}

// OpenLayout reads the checkout at root in the given layout (LayoutAuto:
// DetectLayout). It reads every <name>.v and <name>_pdk45.v file, parses the
// header figures and the ports of the top module, and returns the catalogue
// together with the errors found (unknown name patterns, malformed figures),
// joined; files with an unknown name pattern are left out, entries with
// malformed figures keep the figures that parsed. Only a failure to read
// the folders returns a nil catalogue.
func OpenLayout(root string, layout Layout) (*Catalogue, error) {
	if layout == LayoutAuto {
		var err error
		if layout, err = DetectLayout(root); err != nil {
			return nil, err
		}
	}
	files, err := listFiles(root, layout)
	if err != nil {
		return nil, err
	}
	var errs []error
	byName := map[string]*Entry{}
	copies := map[string][]string{} // name -> further generic copies (LayoutRepo)
	for _, f := range files {
		shape, err := ParseName(f.name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.path, err))
			continue
		}
		e := byName[f.name]
		if e == nil {
			e = &Entry{Name: f.name, Shape: shape, Group: f.group}
			byName[f.name] = e
		}
		if f.pareto != "" && !slices.Contains(e.ParetoSets, f.pareto) {
			e.ParetoSets = append(e.ParetoSets, f.pareto)
		}
		switch {
		case f.twin && e.PDK45Path == "":
			e.PDK45Path = f.path
		case !f.twin && e.Path == "":
			e.Path = f.path
		case !f.twin:
			copies[f.name] = append(copies[f.name], f.path)
		}
	}
	c := &Catalogue{root: root, layout: layout, index: map[string]int{}}
	for _, e := range byName {
		errs = append(errs, e.load(layout, copies[e.Name])...)
		c.entries = append(c.entries, *e)
	}
	slices.SortFunc(c.entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	for i := range c.entries {
		c.index[c.entries[i].Name] = i
	}
	c.name = libraryName(c.entries, root, layout)
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return c, errors.Join(errs...)
}

func libraryName(entries []Entry, root string, layout Layout) string {
	lib := ""
	for i := range entries {
		l := entries[i].Header.Library
		if l == "" || (lib != "" && l != lib) {
			lib = ""
			break
		}
		lib = l
	}
	switch {
	case lib != "":
		return lib
	case layout == LayoutRepo || layout == LayoutGrouped:
		return "EvoApproxLib"
	}
	return filepath.Base(root)
}

// listFiles lists the .v files of a checkout in a deterministic order.
func listFiles(root string, layout Layout) ([]vfile, error) {
	var out []vfile
	addDir := func(dir, group, pareto string) error {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("evoapprox: %w", err)
		}
		for _, d := range ents {
			n := d.Name()
			if d.IsDir() || !strings.HasSuffix(n, ".v") {
				continue
			}
			stem := strings.TrimSuffix(n, ".v")
			name, twin := strings.CutSuffix(stem, pdk45Suffix)
			out = append(out, vfile{path: filepath.Join(dir, n), group: group, pareto: pareto, name: name, twin: twin})
		}
		return nil
	}
	groupDirs := func(base string) ([]fs.DirEntry, error) {
		ents, err := os.ReadDir(base)
		if err != nil {
			return nil, fmt.Errorf("evoapprox: %w", err)
		}
		var gs []fs.DirEntry
		for _, d := range ents {
			if d.IsDir() {
				if _, err := ParseGroup(d.Name()); err == nil {
					gs = append(gs, d)
				}
			}
		}
		return gs, nil
	}
	switch layout {
	case LayoutRepo:
		base := root
		if isDir(filepath.Join(root, repoMultipliers)) {
			base = filepath.Join(root, repoMultipliers)
		}
		gs, err := groupDirs(base)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			gdir := filepath.Join(base, g.Name())
			ps, err := os.ReadDir(gdir)
			if err != nil {
				return nil, fmt.Errorf("evoapprox: %w", err)
			}
			for _, p := range ps {
				if p.IsDir() && strings.HasPrefix(p.Name(), "pareto_") {
					if err := addDir(filepath.Join(gdir, p.Name()), g.Name(), p.Name()); err != nil {
						return nil, err
					}
				}
			}
		}
	case LayoutGrouped:
		gs, err := groupDirs(root)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if err := addDir(filepath.Join(root, g.Name()), g.Name(), ""); err != nil {
				return nil, err
			}
		}
	case LayoutFlat:
		dir := root
		if isDir(filepath.Join(root, repo8b)) {
			dir = filepath.Join(root, repo8b)
		}
		if err := addDir(dir, "", ""); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("evoapprox: unknown layout %v", layout)
	}
	return out, nil
}

// load reads the header and ports of e and checks them against its name.
func (e *Entry) load(layout Layout, copies []string) []error {
	var errs []error
	warn := func(format string, args ...any) { e.Warnings = append(e.Warnings, fmt.Sprintf(format, args...)) }
	if e.Group != "" {
		if g, err := ParseGroup(e.Group); err == nil && g != e.Shape {
			warn("group folder %s disagrees with the name (%v)", e.Group, e.Shape)
		}
	}
	if e.Path == "" {
		warn("no generic netlist, only %s", e.PDK45Path)
	}
	path := e.file()
	src, err := regfile.ReadFile(path)
	if err != nil {
		return append(errs, fmt.Errorf("evoapprox: %w", err))
	}
	e.Header, err = ParseHeader(path, bytes.NewReader(src))
	if err != nil {
		errs = append(errs, err)
	}
	if layout != LayoutRepo && e.Header.ParetoSet != "" {
		e.ParetoSets = []string{e.Header.ParetoSet}
	}
	slices.Sort(e.ParetoSets)
	e.checkPorts(src)
	for _, p := range copies {
		b, err := regfile.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("evoapprox: %w", err))
			continue
		}
		h, err := ParseHeader(p, bytes.NewReader(b))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if d := diffFigures(&e.Header, &h); d != "" {
			warn("copy %s differs from %s: %s", p, path, d)
		}
	}
	return errs
}

func diffFigures(a, b *Header) string {
	if len(a.Figures) != len(b.Figures) {
		return fmt.Sprintf("%d figures vs %d", len(a.Figures), len(b.Figures))
	}
	for _, f := range a.Figures {
		g, ok := b.Figure(f.Key)
		if !ok {
			return "no " + f.Key
		}
		if g.Text != f.Text || g.RawUnit != f.RawUnit {
			return fmt.Sprintf("%s %s vs %s", f.Key, f, g)
		}
	}
	return ""
}

// checkPorts reads the ports of the top module and flags widths that
// disagree with the shape derived from the name.
func (e *Entry) checkPorts(src []byte) {
	ports, found, err := scanPorts(src, e.Name)
	if err != nil {
		e.Warnings = append(e.Warnings, fmt.Sprintf("%s: %v", e.file(), err))
	}
	if !found {
		e.Warnings = append(e.Warnings, fmt.Sprintf("%s: no module %s", e.file(), e.Name))
		return
	}
	e.Ports = ports
	want := []portWant{{"A", false, e.Shape.ABits}, {"B", false, e.Shape.BBits}, {"O", true, e.Shape.ABits + e.Shape.BBits}}
	for _, w := range want {
		i := slices.IndexFunc(ports, func(p Port) bool { return p.Name == w.name })
		if i < 0 && w.output {
			// Some v2022 circuits name the product Z: take the only output.
			if outs := countOutputs(ports); outs == 1 {
				i = slices.IndexFunc(ports, func(p Port) bool { return p.Output })
			}
		}
		switch {
		case i < 0:
			e.Warnings = append(e.Warnings, fmt.Sprintf("%s: module %s has no port %s", e.file(), e.Name, w.name))
		case ports[i].Output != w.output || ports[i].Bits != w.bits:
			dir := "input"
			if ports[i].Output {
				dir = "output"
			}
			e.Warnings = append(e.Warnings, fmt.Sprintf("%s:%d: port %s is a %d-bit %s, the name %s implies a %d-bit %s",
				e.file(), ports[i].Line, ports[i].Name, ports[i].Bits, dir, e.Name, w.bits, w.dir()))
		}
	}
}

func countOutputs(ports []Port) int {
	n := 0
	for _, p := range ports {
		if p.Output {
			n++
		}
	}
	return n
}

type portWant struct {
	name   string
	output bool
	bits   int
}

func (w portWant) dir() string {
	if w.output {
		return "output"
	}
	return "input"
}
