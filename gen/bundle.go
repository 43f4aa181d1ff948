package gen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/circuits/hw"
	"github.com/axmul/axmul/circuits/liberty"
	"github.com/axmul/axmul/circuits/netio"
	"github.com/axmul/axmul/circuits/verilog"
	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/evoapprox"
	"github.com/axmul/axmul/gen/cache"
	"github.com/axmul/axmul/gen/param"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/internal/regfile"
	"github.com/axmul/axmul/internal/safego"
)

// Library bundle format identifiers and folder names.
const (
	// BundleFormat is the "format" of a bundle's index.json.
	BundleFormat = "axmul-library"
	// BundleVersion is the "version" of the index written by Build: 2
	// records source.root relative to the bundle and every stored file's
	// sha256 (EntryFiles). OpenBundle also reads version 1, whose
	// relative roots are relative to the working directory of the build
	// and whose files carry no digests.
	BundleVersion = 2
	// IndexFile is the name of the index inside a bundle.
	IndexFile = "index.json"

	mapsDir = "maps" // native error maps
	int8Dir = "int8" // int8-domain error maps of unsigned 8x8 circuits
	lutDir  = "lut"  // TorchApprox lookup tables of 8x8 circuits
	srcDir  = "src"  // generated Verilog of built-in bundles
	pdk45   = "_pdk45"
)

// Activation ports of BundleIndex.ActivationPort and
// BuildOptions.ActivationPort.
const (
	PortA = "A" // activations on port A: maps stored with row = A (default)
	PortB = "B" // activations on port B: maps stored transposed, row = B
)

// Source kinds of BundleSource.Kind.
const (
	SourceEvoApprox = "evoapprox" // an EvoApprox checkout (catalogue layout detected)
	SourceDirectory = "directory" // a plain folder of netlist files (.v .blif .aag .aig)
	SourceBuiltin   = "builtin"   // the generators of gen/param
)

// BundleIndex is the content of a bundle's index.json.
//
// A bundle (LIBDIR) holds:
//
//	index.json          this index, JSON indented by two spaces
//	maps/NAME.npy       native error map (errmap layout: int32 [2^a, 2^b],
//	                    row = A, column = B, ascending values), for
//	                    a_bits+b_bits <= 24
//	lut/NAME.npy        TorchApprox LUT, int32 [256, 256] (8x8 only),
//	                    indexed [activation, weight]
//	int8/NAME.npy       int8-domain error map, int32 [256, 256] (unsigned
//	                    8x8 only; a signed 8x8 map is its own int8 map)
//	src/NAME.v          generated Verilog (built-in bundles only)
//
// A bundle built for activations on port B (index field activation_port
// "B") stores every map transposed: the native map is int32 [2^b, 2^a]
// with row = B, and the int8 map and the LUT have the activation (port B's
// operand) as row. a_bits, b_bits and the metrics stay the circuit's.
//
// Multipliers are sorted by name byte-wise; numbers are written by
// encoding/json (shortest representation that reads back exactly); there
// are no timestamps, so the same input gives the same bytes. Metrics of
// circuits with more than 24 operand bits are estimates over a seeded
// sample unless the build was exhaustive (fields exhaustive, pairs, seed).
type BundleIndex struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Source  BundleSource `json:"source"`
	// ActivationPort is "B" when the bundle's maps and LUTs are laid out
	// for activations on the circuits' port B (BuildOptions.ActivationPort):
	// every stored map is then transposed, its rows indexed by port B's
	// operand. Absent (or "A") for the default layout, rows = port A.
	ActivationPort string        `json:"activation_port,omitempty"`
	Multipliers    []BundleEntry `json:"multipliers"`
	// Part is set in the partial bundles written by sharded builds
	// (BuildOptions.Shards > 0), which Merge joins; absent in a whole bundle.
	Part *BundlePart `json:"part,omitempty"`
}

// BundleSource says where the circuits of a bundle came from.
type BundleSource struct {
	// Kind is SourceEvoApprox, SourceDirectory or SourceBuiltin.
	Kind string `json:"kind"`
	// Root is the source folder, slash-separated and relative to the
	// bundle folder (absolute only where no relative path leads there, as
	// to another Windows volume), so that a bundle can be used from any
	// working directory and moved together with its sources; for built-in
	// bundles it is "src", the bundle's own folder of generated Verilog.
	// Entry files are relative to it.
	Root string `json:"root"`
	// Library and Layout are the catalogue name and layout of an EvoApprox
	// source.
	Library string `json:"library,omitempty"`
	Layout  string `json:"layout,omitempty"`
}

// BundleEntry is one multiplier of a bundle.
type BundleEntry struct {
	Name string `json:"name"`
	// Description is set for built-in circuits.
	Description string `json:"description,omitempty"`
	// File is the netlist, slash-separated and relative to the source root;
	// SHA256 is the hex digest of its bytes.
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	ABits  int    `json:"a_bits"`
	BBits  int    `json:"b_bits"`
	Signed bool   `json:"signed"`
	// SignedFrom, Ports, ORange and Ties record how the netlist was read,
	// with the keys and meaning of `axmul sim --format json`: where Signed
	// came from (gen.SignFromFlag ... SignFromDefault), the source ports
	// that played A, B and O, the product's declared bit range ("[15:8]":
	// bit i weighs 2^i) and the inputs tied to constants ("en=1"). Readers
	// that reload the netlist (layer power) read it with these roles
	// (BundleEntry.RoleOptions). Indexes written before they existed lack
	// them; such entries are reloaded with automatic roles.
	SignedFrom string `json:"signed_from,omitempty"`
	// Top is the top module named with --top (BuildOptions.Top), absent
	// when the netlist's top was found automatically; readers that reload
	// the netlist use it.
	Top string `json:"top,omitempty"`
	// Defines and IncludeDirs are the Verilog preprocessor's macros
	// (--define) and `include folders (-I, made absolute) the netlist was
	// read with (BuildOptions.Defines, IncludeDirs), absent when none were
	// given; readers that reload the netlist use them.
	Defines     map[string]string `json:"defines,omitempty"`
	IncludeDirs []string          `json:"include_dirs,omitempty"`
	Ports       *EntryPorts       `json:"ports,omitempty"`
	ORange      string            `json:"o_range,omitempty"`
	Ties        []string          `json:"ties,omitempty"`
	// Gates and Depth are the logic gates of the netlist and its depth
	// (circuits.Stats Logic and Depth).
	Gates int `json:"gates"`
	Depth int `json:"depth"`
	// Exhaustive says whether Metrics cover every operand pair (else a
	// seeded uniform sample of Pairs pairs with Seed; an absent seed is 0).
	Exhaustive bool   `json:"exhaustive"`
	Pairs      uint64 `json:"pairs"`
	Seed       uint64 `json:"seed,omitempty"`
	// Metrics are computed by simulation.
	Metrics EntryMetrics `json:"metrics"`
	// Published holds the figures printed in the netlist's header, by
	// evoapprox common key.
	Published map[string]PublishedFigure `json:"published,omitempty"`
	// Files are the stored maps, slash-separated and relative to the bundle.
	Files EntryFiles `json:"files"`
	// Estimated holds hardware figures estimated with a Liberty library
	// (BuildOptions.Liberty), absent otherwise.
	Estimated *EstimatedHW `json:"estimated,omitempty"`
}

// EntryPorts names the source ports that play a multiplier's operands A
// and B and its product O (circuits.Roles; bit-blasted ports by the name
// of the bus they were regrouped into).
type EntryPorts struct {
	A string `json:"a"`
	B string `json:"b"`
	O string `json:"o"`
}

// loadOptions returns how Build loads item it: the options' cells, roles,
// top module and preprocessor settings, and the item's signedness unless
// Sign overrides it.
func (opts BuildOptions) loadOptions(it buildItem) LoadOptions {
	sign := it.sign
	if opts.Sign != SignFromName {
		sign = opts.Sign
	}
	return LoadOptions{Cells: opts.Cells, Sign: sign, Roles: opts.Roles, Top: opts.Top, Defines: opts.Defines, IncludeDirs: opts.IncludeDirs}
}

// optionsKey spells the options that change how a netlist is read, for
// cache keys and shard fingerprints ("" when all are defaults).
func (opts BuildOptions) optionsKey() string {
	if opts.Top == "" && opts.Sign == SignFromName && len(opts.Defines) == 0 && len(opts.IncludeDirs) == 0 {
		return ""
	}
	names := make([]string, 0, len(opts.Defines))
	for k := range opts.Defines {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "top %q sign %d", opts.Top, opts.Sign)
	for _, k := range names {
		fmt.Fprintf(&b, " define %q=%q", k, opts.Defines[k])
	}
	for _, d := range opts.IncludeDirs {
		fmt.Fprintf(&b, " include %q", d)
	}
	return b.String()
}

// RoleOptions returns the port roles the entry records, to reload its
// netlist as it was built: the zero value (automatic roles) when the index
// records none (indexes written before the fields existed). OpenBundle has
// checked the fields.
func (e *BundleEntry) RoleOptions() (circuits.RoleOptions, error) {
	var o circuits.RoleOptions
	if e.Ports != nil {
		o.A, o.B, o.O = e.Ports.A, e.Ports.B, e.Ports.O
	}
	for _, s := range e.Ties {
		t, err := circuits.ParseTie(s)
		if err != nil {
			return circuits.RoleOptions{}, fmt.Errorf("field ties: %w", err)
		}
		o.Ties = append(o.Ties, t)
	}
	return o, nil
}

// ReadAs returns how c was read in the form bundle entries and the CLI's
// JSON records write it: the ports that played A, B and O, the product's
// declared bit range and the tied inputs (nil when none).
func (c *Circuit) ReadAs() (ports EntryPorts, oRange string, ties []string) {
	for _, t := range c.Roles.Tied {
		ties = append(ties, t.String())
	}
	return EntryPorts{c.Roles.A, c.Roles.B, c.Roles.O}, c.Roles.ORange(), ties
}

// EstimatedHW are the hardware figures of a bundle entry estimated by
// circuits/hw (hw.EstimateCost: technology mapping, static timing and
// zero-delay switching activity), distinct from the published ones: their
// keys, est_area_um2, est_delay_ns and est_power_mw, are also the metric
// names Bundle.Library accepts.
type EstimatedHW struct {
	// Library is the Liberty library's name.
	Library string `json:"library"`
	// Cells is the number of cell instances after mapping.
	Cells int `json:"cells"`
	// AreaUm2 is the cell area (the library's area unit, um² for the
	// usual libraries), DelayNs the critical-path delay.
	AreaUm2 float64 `json:"est_area_um2"`
	DelayNs float64 `json:"est_delay_ns"`
	// PowerMW is the average power at FrequencyGHz and Voltage with
	// Vectors uniformly random operand pairs (seed 1): switching, internal
	// and leakage.
	PowerMW      float64 `json:"est_power_mw"`
	FrequencyGHz float64 `json:"frequency_ghz"`
	Voltage      float64 `json:"voltage_v"`
	Vectors      int     `json:"vectors"`
}

// EntryMetrics are the computed error metrics of a bundle entry, with the
// keys of `axmul sim --format json` (see errmap.Metrics for definitions).
type EntryMetrics struct {
	MAE       float64 `json:"mae"`
	MSE       float64 `json:"mse"`
	WCE       uint64  `json:"wce"`
	EPPct     float64 `json:"ep_pct"`
	MREPct    float64 `json:"mre_pct"`
	WCREPct   float64 `json:"wcre_pct"`
	MAEPct    float64 `json:"mae_pct"`
	WCEPct    float64 `json:"wce_pct"`
	MeanError float64 `json:"mean_error"`
	StdError  float64 `json:"std_error"`
	// MREZero is "exclude" or "maxone" (errmap.ZeroExact).
	MREZero string `json:"mre_zero"`
}

// NewEntryMetrics converts measured metrics and the MRE convention they
// were computed with.
func NewEntryMetrics(m errmap.Metrics, z errmap.ZeroExact) EntryMetrics {
	return EntryMetrics{
		MAE: m.MAE, MSE: m.MSE, WCE: m.WCE, EPPct: m.EP, MREPct: m.MRE, WCREPct: m.WCRE,
		MAEPct: m.MAEPct, WCEPct: m.WCEPct, MeanError: m.Mean, StdError: m.Std, MREZero: ZeroName(z),
	}
}

// PublishedFigure is a published figure: Value in Unit (evoapprox.KeyUnit),
// Text as printed, in TextUnit when that differs from Unit (EvoApprox8b
// power is printed in uW).
type PublishedFigure struct {
	Value    float64 `json:"value"`
	Text     string  `json:"text"`
	Unit     string  `json:"unit"`
	TextUnit string  `json:"text_unit,omitempty"`
}

// EntryFiles are the .npy files of an entry (errmap layouts), relative to
// the bundle; empty when absent.
type EntryFiles struct {
	// ErrorMap is the native-domain error map (circuits with
	// a_bits+b_bits <= 24 only).
	ErrorMap string `json:"error_map,omitempty"`
	// Int8LUT is the TorchApprox lookup table and Int8ErrorMap the
	// int8-domain error map (8x8 circuits only; for a signed circuit the
	// int8 map is its native map, the same file).
	Int8LUT      string `json:"int8_lut,omitempty"`
	Int8ErrorMap string `json:"int8_error_map,omitempty"`
	// ErrorMapSHA256, Int8LUTSHA256 and Int8ErrorMapSHA256 are the hex
	// sha256 digests of the files' bytes, set with them (index version 2):
	// OpenBundle requires them and the bundle's readers check each file
	// against its digest when they read it.
	ErrorMapSHA256     string `json:"error_map_sha256,omitempty"`
	Int8LUTSHA256      string `json:"int8_lut_sha256,omitempty"`
	Int8ErrorMapSHA256 string `json:"int8_error_map_sha256,omitempty"`
}

// BuildOptions control Build.
type BuildOptions struct {
	// Source is a folder of netlists: an EvoApprox checkout in any layout
	// (read with the evoapprox catalogue, which supplies published figures)
	// and/or any other netlist files (.v, .blif, .aag, .aig) below it
	// (found by a recursive walk).
	// Exactly one of Source and Builtin must be set.
	Source string
	// Builtin builds the generators of gen/param (param.Builtin): each
	// spec's Verilog is written to the bundle's src folder and read back.
	Builtin bool
	// Out is the bundle folder (LIBDIR).
	Out string
	// Filter keeps only the circuits whose name contains it.
	Filter string
	// Jobs is the number of circuits built in parallel (<= 0: all cores).
	// Each circuit is simulated on one goroutine so that the metrics, which
	// include floating-point sums, do not depend on scheduling.
	Jobs int
	// Cells resolves the standard cells of *_pdk45.v twins; when nil the
	// twins are skipped, else each becomes an entry <name>_pdk45.
	Cells verilog.CellResolver
	// Roles, when set, says which ports of every netlist are the operands
	// and the product (--ports, --tie); the zero value chooses
	// automatically (circuits.AssignRoles).
	Roles circuits.RoleOptions
	// Top names the top module of every netlist (--top; "": the module
	// nobody instantiates). Entries record it (BundleEntry.Top).
	Top string
	// Sign, when Signed or Unsigned, overrides the signedness of every
	// circuit (--signed/--unsigned), catalogue entries included; the
	// default SignFromName keeps each item's own rule.
	Sign Signedness
	// Defines and IncludeDirs are the Verilog preprocessor's macros and
	// `include folders (--define, -I).
	Defines     map[string]string
	IncludeDirs []string
	// Liberty, when set, is the cell library every circuit is mapped onto
	// to record its estimated area, delay and power (BundleEntry.Estimated,
	// hw.EstimateCost defaults: 1 GHz, nominal voltage, 65536 uniformly
	// random operand pairs with seed 1).
	Liberty *liberty.Library
	// Exhaustive simulates every pair also of circuits with more than 24
	// operand bits (else a seeded sample of Samples pairs, 0: 2^24).
	Exhaustive bool
	Samples    uint64
	Seed       uint64
	// KeepGoing leaves failed circuits out of the bundle instead of failing
	// the build.
	KeepGoing bool
	// Progress, when set, is called after each circuit (failed or not);
	// calls are serialised and done counts up to total.
	Progress func(done, total int, name string)
	// Cache, when set, is consulted before a circuit is characterised and
	// filled after: a record is reused when the netlist's bytes and every
	// option that changes it are the same (see cacheKey).
	Cache *cache.Cache
	// CellsID identifies the cell library behind Cells and Liberty (e.g.
	// the sha256 of the Liberty file) in cache keys and shard fingerprints.
	// When Cells or Liberty is set and CellsID is empty, Cache is not used.
	CellsID string
	// ActivationPort is "B" to store every map and LUT laid out for
	// activations on the circuits' port B (transposed; recorded in the
	// index as activation_port), "" or "A" for the default layout.
	ActivationPort string
	// Shard and Shards select part Shard (0-based) of Shards: a
	// deterministic share of the circuits, balanced by estimated cost
	// (gates x simulated pairs); the bundle written is a part for Merge.
	// Shards == 0 builds everything into a whole bundle.
	Shard, Shards int
}

// BuildFailure is a circuit that could not be built.
type BuildFailure struct {
	Name, File string
	Err        error
}

// BuildSummary reports a build.
type BuildSummary struct {
	// Dir is the bundle folder written.
	Dir string
	// Circuits is the number of multipliers in the bundle.
	Circuits int
	// Failures are the circuits left out (KeepGoing) or that failed the build.
	Failures []BuildFailure
	// Warnings are problems that did not stop the build (unreadable header
	// figures, unknown EvoApprox names read by the fallback walk).
	Warnings []string
	// Seconds is the wall time of the build.
	Seconds float64
	// CacheHits and CacheMisses count the circuits whose record came from
	// BuildOptions.Cache and those characterised (and stored) anew.
	CacheHits, CacheMisses int
}

// buildItem is one circuit to build.
type buildItem struct {
	name, path, rel string
	sign            Signedness
	figures         []evoapprox.Figure
	description     string
	err             error // known failure (duplicate name)
}

// Build characterises every circuit of opts.Source (or the built-in
// generators) and writes a library bundle to opts.Out: index.json and the
// error maps, LUTs and int8 maps under maps/, lut/ and int8/. The bundle is
// built in a temporary folder beside Out and renamed over it; an existing
// Out is replaced only if it is a bundle. The same input gives the same
// index, byte for byte.
func Build(ctx context.Context, opts BuildOptions) (*BuildSummary, error) {
	start := time.Now()
	sum := &BuildSummary{Dir: opts.Out}
	defer func() { sum.Seconds = time.Since(start).Seconds() }()
	switch {
	case opts.Out == "":
		return sum, errors.New("gen: build: no output folder (BuildOptions.Out)")
	case opts.Builtin == (opts.Source != ""):
		return sum, errors.New("gen: build: want exactly one of BuildOptions.Source and BuildOptions.Builtin")
	case opts.ActivationPort != "" && opts.ActivationPort != PortA && opts.ActivationPort != PortB:
		return sum, fmt.Errorf("gen: build: activation port %q, want %s or %s", opts.ActivationPort, PortA, PortB)
	}
	// Include folders as entries record them and keys spell them: absolute.
	opts.IncludeDirs = absDirs(opts.IncludeDirs)
	out := filepath.Clean(opts.Out)
	tmp, err := beginOutput(out, "build", sum)
	if err != nil {
		return sum, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()

	var items []buildItem
	var src BundleSource
	if opts.Builtin {
		items, src, err = collectBuiltin(tmp, opts.Filter)
	} else {
		var warns []string
		items, src, warns, err = collectDir(opts.Source, out, opts.Cells != nil, opts.Filter)
		sum.Warnings = append(sum.Warnings, warns...)
	}
	if err != nil {
		return sum, err
	}
	if len(items) == 0 {
		return sum, fmt.Errorf("gen: build: no multiplier netlists in %s%s", sourceName(opts), filterNote(opts.Filter))
	}
	var part *BundlePart
	if opts.Shards > 0 {
		// The fingerprint takes the source folder as given.
		if items, part, err = selectShard(items, src, opts); err != nil {
			return sum, err
		}
	}
	if !opts.Builtin {
		if src.Root, err = rootFromBundle(out, opts.Source); err != nil {
			return sum, err
		}
	}
	for _, d := range []string{mapsDir, int8Dir, lutDir} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o777); err != nil {
			return sum, fmt.Errorf("gen: build: %w", err)
		}
	}

	entries, fails := buildAll(ctx, tmp, items, opts, sum)
	sum.Failures = fails
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("gen: build: %w", err)
	}
	if len(fails) > 0 && !opts.KeepGoing {
		return sum, failureError(fails, len(items))
	}
	if len(entries) == 0 && part == nil {
		return sum, failureError(fails, len(items))
	}
	for _, d := range []string{mapsDir, int8Dir, lutDir} {
		os.Remove(filepath.Join(tmp, d)) // only when empty
	}
	idx := BundleIndex{Format: BundleFormat, Version: BundleVersion, Source: src, Multipliers: entries, Part: part}
	if opts.ActivationPort == PortB {
		idx.ActivationPort = PortB
	}
	if err := writeIndex(tmp, &idx); err != nil {
		return sum, fmt.Errorf("gen: build: %w", err)
	}
	if err := replaceDir(out, tmp); err != nil {
		return sum, err
	}
	done = true
	sum.Circuits = len(entries)
	return sum, nil
}

// absDirs returns dirs made absolute and slash-separated (nil for none),
// as Build reads, keys and records `include folders: a bundle may be used
// from another working directory. A folder that cannot be made absolute is kept as
// given.
func absDirs(dirs []string) []string {
	if len(dirs) == 0 {
		return nil
	}
	out := make([]string, len(dirs))
	for i, d := range dirs {
		if a, err := filepath.Abs(d); err == nil {
			d = a
		}
		out[i] = filepath.ToSlash(d)
	}
	return out
}

// rootFromBundle returns the source folder root as index.json records
// it: relative to the bundle folder out, slash-separated, or absolute when
// no relative path leads there.
func rootFromBundle(out, root string) (string, error) {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("gen: build: %w", err)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("gen: build: %w", err)
	}
	rel, err := filepath.Rel(absOut, absRoot)
	if err != nil {
		return filepath.ToSlash(absRoot), nil
	}
	return filepath.ToSlash(rel), nil
}

// beginOutput checks that out may be written or replaced (Build and Merge
// replace only a bundle), removes temporaries that interrupted runs left
// beside it (their process gone; the replaced bundle of an interrupted swap
// only when the new one is in place), and creates the temporary folder the
// new bundle is built in. op names the operation in errors.
func beginOutput(out, op string, sum *BuildSummary) (string, error) {
	if err := checkReplaceable(out); err != nil {
		return "", err
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return "", fmt.Errorf("gen: %s: cannot create %s: folder %s does not exist", op, out, filepath.Dir(out))
	}
	_, oerr := os.Lstat(out)
	stale, err := outfile.RemoveStale(filepath.Dir(out), outfile.TempPrefix(out), oerr == nil)
	for _, p := range stale {
		sum.Warnings = append(sum.Warnings, fmt.Sprintf("removed %s, left by an interrupted build", p))
	}
	if err != nil {
		sum.Warnings = append(sum.Warnings, fmt.Sprintf("removing temporaries of interrupted builds: %v", err))
	}
	tmp, err := outfile.MkdirTemp(filepath.Dir(out), outfile.TempPrefix(out))
	if err != nil {
		return "", fmt.Errorf("gen: %s: creating a temporary folder beside %s: %w", op, out, err)
	}
	return tmp, nil
}

// writeIndex writes idx as dir/index.json, indented by two spaces, with
// mode 0666 minus the umask.
func writeIndex(dir string, idx *BundleIndex) error {
	data, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	data = append(data, '\n')
	return os.WriteFile(filepath.Join(dir, IndexFile), data, 0o666)
}

func sourceName(opts BuildOptions) string {
	if opts.Builtin {
		return "the built-in library"
	}
	return opts.Source
}

func filterNote(f string) string {
	if f == "" {
		return ""
	}
	return fmt.Sprintf(" matching filter %q", f)
}

// ErrCircuitsFailed is wrapped by Build's error when circuits failed to
// characterise (BuildSummary.Failures lists them all).
var ErrCircuitsFailed = errors.New("circuits failed")

// failureError summarises failed circuits: the count and the first few.
func failureError(fails []BuildFailure, total int) error {
	const show = 5
	errs := []error{fmt.Errorf("gen: build: %d of %d %w", len(fails), total, ErrCircuitsFailed)}
	for i, f := range fails {
		if i == show {
			errs = append(errs, fmt.Errorf("... and %d more", len(fails)-show))
			break
		}
		errs = append(errs, fmt.Errorf("%s: %w", f.Name, f.Err))
	}
	return errors.Join(errs...)
}

// checkReplaceable returns nil when out does not exist or is a bundle.
func checkReplaceable(out string) error {
	st, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("gen: build: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("gen: build: %s exists and is not a library bundle folder; refusing to replace it", out)
	}
	data, err := os.ReadFile(filepath.Join(out, IndexFile))
	if err != nil {
		return fmt.Errorf("gen: build: %s exists and is not a library bundle (no readable %s); refusing to replace it", out, IndexFile)
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Format != BundleFormat {
		return fmt.Errorf("gen: build: %s exists and its %s is not format %q; refusing to replace it", out, IndexFile, BundleFormat)
	}
	return nil
}

// replaceDir moves tmp to out, replacing an existing bundle at out.
func replaceDir(out, tmp string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("gen: build: %w", err)
		}
		return nil
	}
	// Check again: out may have appeared while building.
	if err := checkReplaceable(out); err != nil {
		return err
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("gen: build: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return fmt.Errorf("gen: build: %w (and restoring the old bundle failed: %v; it is at %s)", err, rerr, old)
		}
		return fmt.Errorf("gen: build: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("gen: build: removing the replaced bundle: %w", err)
	}
	return nil
}

// collectBuiltin writes the Verilog of the built-in specs whose names
// contain filter into tmp/src.
func collectBuiltin(tmp, filter string) ([]buildItem, BundleSource, error) {
	src := BundleSource{Kind: SourceBuiltin, Root: srcDir}
	dir := filepath.Join(tmp, srcDir)
	if err := os.Mkdir(dir, 0o777); err != nil {
		return nil, src, fmt.Errorf("gen: build: %w", err)
	}
	var items []buildItem
	for _, s := range param.Builtin() {
		if !strings.Contains(s.Name, filter) {
			continue
		}
		v, err := s.Generate()
		if err != nil {
			return nil, src, fmt.Errorf("gen: build: built-in %s: %w", s.Name, err)
		}
		p := filepath.Join(dir, s.Name+".v")
		if err := os.WriteFile(p, v, 0o666); err != nil {
			return nil, src, fmt.Errorf("gen: build: %w", err)
		}
		sign := Unsigned
		if s.Signed {
			sign = Signed
		}
		items = append(items, buildItem{name: s.Name, path: p, rel: s.Name + ".v", sign: sign, description: s.Description()})
	}
	return items, src, nil
}

// collectDir lists the circuits below root: the EvoApprox catalogue's
// entries when root has an EvoApprox layout, then every other netlist file found
// by a recursive walk (hidden folders and the output folder skipped).
func collectDir(root, out string, twins bool, filter string) ([]buildItem, BundleSource, []string, error) {
	src := BundleSource{Kind: SourceDirectory, Root: filepath.Clean(root)}
	st, err := os.Stat(root)
	if err != nil {
		return nil, src, nil, fmt.Errorf("gen: build: source: %w", err)
	}
	if !st.IsDir() {
		return nil, src, nil, fmt.Errorf("gen: build: source %s is not a folder", root)
	}
	var (
		items    []buildItem
		warnings []string
		known    = map[string]bool{}
		seen     = map[string]string{} // name -> rel path
	)
	rel := func(p string) string {
		r, err := filepath.Rel(root, p)
		if err != nil {
			return filepath.ToSlash(p)
		}
		return filepath.ToSlash(r)
	}
	add := func(it buildItem) {
		if !strings.Contains(it.name, filter) {
			return
		}
		if prev, dup := seen[it.name]; dup {
			it.err = fmt.Errorf("%s: duplicate multiplier name %s (also %s)", it.rel, it.name, prev)
		} else {
			seen[it.name] = it.rel
		}
		items = append(items, it)
	}
	if _, lerr := evoapprox.DetectLayout(root); lerr == nil {
		cat, cerr := evoapprox.Open(root)
		if cat == nil {
			return nil, src, nil, fmt.Errorf("gen: build: %w", cerr)
		}
		if cerr != nil {
			for _, line := range strings.Split(cerr.Error(), "\n") {
				warnings = append(warnings, line)
			}
		}
		src.Kind, src.Library, src.Layout = SourceEvoApprox, cat.Name(), cat.Layout().String()
		for _, en := range cat.Entries() {
			known[en.Name] = true
			sign := Unsigned
			if en.Shape.Signed {
				sign = Signed
			}
			if en.Path != "" {
				add(buildItem{name: en.Name, path: en.Path, rel: rel(en.Path), sign: sign, figures: en.Header.Figures})
			}
			if twins && en.PDK45Path != "" {
				h, herr := readHeader(en.PDK45Path)
				if herr != nil {
					warnings = append(warnings, herr.Error())
				}
				add(buildItem{name: en.Name + pdk45, path: en.PDK45Path, rel: rel(en.PDK45Path), sign: sign, figures: h.Figures})
			}
		}
	}
	absOut, _ := filepath.Abs(out)
	// In an upstream repository, only its multiplier folder (the adders
	// beside it have ports A, B and O too).
	walkRoot := root
	for _, sub := range []string{"multiplers", "multipliers_8"} {
		if st, err := os.Stat(filepath.Join(root, sub)); err == nil && st.IsDir() && src.Kind == SourceEvoApprox {
			walkRoot = filepath.Join(root, sub)
		}
	}
	var extra []buildItem
	err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != walkRoot && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if a, _ := filepath.Abs(p); a == absOut {
				return filepath.SkipDir
			}
			return nil
		}
		if !netio.IsNetlist(d.Name()) || !d.Type().IsRegular() {
			return nil
		}
		// A .json file may be anything (a manifest, axmul evolve's
		// summary): only Yosys netlists are circuits, as for netio.List.
		if f, _ := netio.FormatOf(p); f.Probe != nil {
			is, err := f.Probe(p)
			if err != nil {
				return err
			}
			if !is {
				return nil
			}
		}
		stem := strings.TrimSuffix(d.Name(), filepath.Ext(d.Name()))
		base, twin := strings.CutSuffix(stem, pdk45)
		if known[base] || (twin && !twins) {
			return nil
		}
		var h evoapprox.Header
		if f, _ := netio.FormatOf(p); f.Name == "verilog" {
			var herr error
			if h, herr = readHeader(p); herr != nil {
				warnings = append(warnings, herr.Error())
			}
		}
		extra = append(extra, buildItem{name: stem, path: p, rel: rel(p), sign: SignFromName, figures: h.Figures})
		return nil
	})
	if err != nil {
		return nil, src, warnings, fmt.Errorf("gen: build: %w", err)
	}
	for _, it := range extra {
		add(it)
	}
	return items, src, warnings, nil
}

// readHeader parses the published figures of a netlist's header.
func readHeader(path string) (evoapprox.Header, error) {
	f, _, err := regfile.Open(path) // a FIFO is refused, not waited on
	if err != nil {
		return evoapprox.Header{}, err
	}
	defer f.Close()
	return evoapprox.ParseHeader(path, f)
}

// buildAll builds the items on opts.Jobs goroutines and returns the
// entries sorted by name and the failures sorted by name.
func buildAll(ctx context.Context, tmp string, items []buildItem, opts BuildOptions, sum *BuildSummary) ([]BundleEntry, []BuildFailure) {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = min(jobs, len(items))
	entries := make([]*BundleEntry, len(items))
	errs := make([]error, len(items))
	warns := make([]string, len(items))
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
	)
	// A panic in a worker (in buildOne or opts.Progress) stops the feed
	// and is raised again in this goroutine once every worker is done, so
	// that Build's deferred cleanup runs and the caller can recover it.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	panics := make([]error, jobs)
	next := make(chan int)
	for w := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if panics[w] != nil {
					continue // drain: the feed stops soon
				}
				panics[w] = safego.Do(func() {
					var how cacheUse
					if items[i].err != nil {
						errs[i] = items[i].err
					} else {
						entries[i], how, errs[i] = buildOne(ctx, tmp, items[i], opts)
					}
					mu.Lock()
					defer mu.Unlock()
					switch how.state {
					case cacheHit:
						sum.CacheHits++
					case cacheMiss:
						sum.CacheMisses++
					}
					warns[i] = how.warning
					if opts.Progress != nil {
						done++
						opts.Progress(done, len(items), items[i].name)
					}
				})
				if panics[w] != nil {
					stop()
				}
			}
		}()
	}
feed:
	for i := range items {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	safego.Repanic(panics)
	for _, w := range warns {
		if w != "" {
			sum.Warnings = append(sum.Warnings, w)
		}
	}
	var out []BundleEntry
	var fails []BuildFailure
	for i, e := range entries {
		switch {
		case errs[i] != nil:
			fails = append(fails, BuildFailure{Name: items[i].name, File: items[i].rel, Err: errs[i]})
		case e != nil:
			out = append(out, *e)
		}
	}
	slices.SortFunc(out, func(a, b BundleEntry) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(fails, func(a, b BuildFailure) int { return strings.Compare(a.Name, b.Name) })
	return out, fails
}

// buildOne loads, characterises and stores one circuit, or takes its
// record from opts.Cache.
func buildOne(ctx context.Context, tmp string, it buildItem, opts BuildOptions) (*BundleEntry, cacheUse, error) {
	var how cacheUse
	src, err := os.ReadFile(it.path)
	if err != nil {
		return nil, how, err
	}
	digest := sha256.Sum256(src)
	var key cache.Key
	useCache := opts.Cache != nil && (opts.CellsID != "" || (opts.Cells == nil && opts.Liberty == nil)) && Cacheable(src)
	var e *BundleEntry
	if useCache {
		key = cacheKey(it, digest, opts)
		e, how.warning = fromCache(opts.Cache, key, tmp, it)
		if e != nil {
			how.state = cacheHit
		}
	}
	if e == nil {
		if e, err = characteriseEntry(ctx, tmp, it, opts); err != nil {
			return nil, how, err
		}
		if useCache {
			how.state = cacheMiss
			if err := toCache(opts.Cache, key, tmp, e); err != nil && how.warning == "" {
				how.warning = fmt.Sprintf("%s: not cached: %v", it.name, err)
			}
		}
	}
	e.Name, e.Description, e.File, e.SHA256 = it.name, it.description, it.rel, hex.EncodeToString(digest[:])
	if len(it.figures) > 0 {
		e.Published = make(map[string]PublishedFigure, len(it.figures))
		for _, f := range it.figures {
			unit, _ := evoapprox.KeyUnit(f.Key)
			pf := PublishedFigure{Value: f.Value, Text: f.Text, Unit: unit}
			if f.RawUnit != unit {
				pf.TextUnit = f.RawUnit
			}
			e.Published[f.Key] = pf
		}
	}
	return e, how, nil
}

// characteriseEntry simulates a circuit and writes its maps into tmp under
// the names of it. The entry has the computed fields only: buildOne adds
// the item's name, file, digest and published figures.
func characteriseEntry(ctx context.Context, tmp string, it buildItem, opts BuildOptions) (*BundleEntry, error) {
	c, err := Load(it.path, opts.loadOptions(it))
	if err != nil {
		return nil, err
	}
	st, err := c.Netlist.Stats()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.path, err)
	}
	z := DefaultZeroExact(c.Name)
	keep := c.ABits+c.BBits <= errmap.MaxMapBits
	res, err := Characterise(ctx, c, CharOptions{
		Workers: 1, Exhaustive: opts.Exhaustive, Samples: opts.Samples, Seed: opts.Seed,
		ZeroExact: z, KeepProducts: keep,
	})
	if err != nil {
		return nil, err
	}
	m := res.Metrics
	for k, v := range map[string]float64{"mae": m.MAE, "mse": m.MSE, "mre_pct": m.MRE, "wcre_pct": m.WCRE, "std_error": m.Std} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: metric %s is %v", it.path, k, v)
		}
	}
	ports, oRange, ties := c.ReadAs()
	e := &BundleEntry{
		ABits: c.ABits, BBits: c.BBits, Signed: c.Signed, Gates: st.Logic, Depth: st.Depth,
		SignedFrom: c.SignSource, Top: opts.Top, Defines: maps.Clone(opts.Defines), IncludeDirs: opts.IncludeDirs,
		Ports: &ports, ORange: oRange, Ties: ties,
		Exhaustive: res.Exhaustive, Pairs: m.Count,
		Metrics: NewEntryMetrics(m, z),
	}
	if !res.Exhaustive {
		e.Seed = res.Seed
	}
	if opts.Liberty != nil {
		cost, err := hw.EstimateCost(c.Netlist, opts.Liberty, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", it.path, err)
		}
		e.Estimated = &EstimatedHW{
			Library: cost.Library, Cells: cost.Cells, AreaUm2: cost.AreaUm2, DelayNs: cost.DelayNs,
			PowerMW: cost.PowerMW, FrequencyGHz: cost.FrequencyGHz, Voltage: cost.Voltage, Vectors: cost.Vectors,
		}
	}
	if !keep {
		return e, nil
	}
	em, err := errmap.FromProducts(c.ABits, c.BBits, c.Signed, res.Products)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.path, err)
	}
	if opts.ActivationPort == PortB {
		// Rows = port B: the map of the circuit used with its operands
		// swapped; its LUT and int8 map follow (the int8 domain's
		// sign-magnitude form commutes with the transposition).
		em = em.Transpose()
	}
	e.Files.ErrorMap = mapsDir + "/" + it.name + ".npy"
	if err := writeFile(tmp, e.Files.ErrorMap, em.WriteNPY, &e.Files.ErrorMapSHA256); err != nil {
		return nil, err
	}
	if c.ABits != 8 || c.BBits != 8 {
		return e, nil
	}
	e.Files.Int8LUT = lutDir + "/" + it.name + ".npy"
	if err := writeFile(tmp, e.Files.Int8LUT, em.WriteLUT, &e.Files.Int8LUTSHA256); err != nil {
		return nil, err
	}
	if c.Signed {
		e.Files.Int8ErrorMap = e.Files.ErrorMap
		e.Files.Int8ErrorMapSHA256 = e.Files.ErrorMapSHA256
		return e, nil
	}
	i8, err := em.Int8()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.path, err)
	}
	e.Files.Int8ErrorMap = int8Dir + "/" + it.name + ".npy"
	if err := writeFile(tmp, e.Files.Int8ErrorMap, i8.WriteNPY, &e.Files.Int8ErrorMapSHA256); err != nil {
		return nil, err
	}
	return e, nil
}

// writeFile writes the bundle file rel with write (errmap's writers, which
// create files with mode 0666 minus the umask, like the index) and records
// the hex sha256 of what it wrote in *digest.
func writeFile(dir, rel string, write func(path string) error, digest *string) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := write(p); err != nil {
		return err
	}
	sum, err := fileSHA256(p)
	if err != nil {
		return err
	}
	*digest = sum
	return nil
}

// fileSHA256 returns the hex sha256 of a file's bytes.
func fileSHA256(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ZeroName returns the name of an MRE convention as the index and the
// command line write it: "exclude" or "maxone".
func ZeroName(z errmap.ZeroExact) string {
	if z == errmap.DivideByMaxOne {
		return "maxone"
	}
	return "exclude"
}
