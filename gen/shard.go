package gen

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/regfile"
)

// BundlePart describes a partial bundle written by a sharded build.
type BundlePart struct {
	// Index is the part's shard (0-based) of Count.
	Index int `json:"index"`
	Count int `json:"count"`
	// Fingerprint is the sha256 of the inputs and options of the whole
	// build (every circuit's name, file and netlist digest, the source and
	// the options that change results): parts merge only when it is the
	// same.
	Fingerprint string `json:"fingerprint"`
	// Circuits names the circuits assigned to this part (built or failed).
	Circuits []string `json:"circuits"`
}

// MaxShards bounds N in ParseShard.
const MaxShards = 1 << 16

// ParseShard parses "i/N" (0 <= i < N <= MaxShards) as given to --shard.
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || i < 0 || i >= n || n > MaxShards {
		return 0, 0, fmt.Errorf("shard %q: want i/N with 0 <= i < N <= %d, e.g. 0/4", s, MaxShards)
	}
	return i, n, nil
}

// fingerprint hashes the whole build's inputs and result-changing options.
func fingerprint(items []buildItem, src BundleSource, opts BuildOptions) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "axmul-shards %s\n%s\n%q %q %q %q\n", RecordVersion, BundleFormat, src.Kind, src.Root, src.Library, src.Layout)
	fmt.Fprintf(h, "filter %q cells %q liberty %t exhaustive %t samples %d seed %d keep-going %t\n",
		opts.Filter, opts.CellsID, opts.Liberty != nil, opts.Exhaustive, opts.Samples, opts.Seed, opts.KeepGoing)
	if r := opts.Roles.String(); r != "" {
		fmt.Fprintf(h, "roles %q\n", r)
	}
	if k := opts.optionsKey(); k != "" {
		fmt.Fprintf(h, "read %s\n", k)
	}
	if opts.ActivationPort == PortB {
		fmt.Fprintf(h, "activation-port B\n")
	}
	for _, it := range items {
		data, err := os.ReadFile(it.path)
		if err != nil {
			return "", fmt.Errorf("gen: build: %w", err)
		}
		d := sha256.Sum256(data)
		fmt.Fprintf(h, "%q %q %d %x %q\n", it.name, it.rel, it.sign, d, it.description)
		for _, f := range it.figures {
			fmt.Fprintf(h, "  %q %q %g %q\n", f.Key, f.Text, f.Value, f.RawUnit)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SimulatedPairs returns a PairCount for Build's and sim's sampling: every
// pair up to 24 operand bits (or always, when exhaustive), else samples
// pairs (0: 2^24).
func SimulatedPairs(exhaustive bool, samples uint64) func(aBits, bBits int) float64 {
	return func(aBits, bBits int) float64 {
		bits := aBits + bBits
		if bits > 24 && !exhaustive {
			if samples == 0 {
				samples = 1 << 24
			}
			return float64(samples)
		}
		return float64(uint64(1) << min(bits, 62))
	}
}

// loadCost estimates the work of the netlist at path: logic gates times
// pairs(widths); a netlist that does not load costs 1 (it fails fast).
func loadCost(path string, lo LoadOptions, pairs func(aBits, bBits int) float64) float64 {
	c, err := Load(path, lo)
	if err != nil {
		return 1
	}
	st, err := c.Netlist.Stats()
	if err != nil {
		return 1
	}
	return float64(max(st.Logic, 1)) * pairs(c.ABits, c.BBits)
}

// pickShard returns, in ascending order, the indices of the jobs of shard
// `shard` of `shards`: jobs sorted by decreasing cost (then name) go one by
// one to the shard with the least total so far (then the lowest index), the
// longest-processing-time rule, so every shard computes the same
// assignment.
func pickShard(names []string, costs []float64, shard, shards int) []int {
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(costs[b], costs[a]); c != 0 {
			return c
		}
		return cmp.Compare(names[a], names[b])
	})
	load := make([]float64, shards)
	var mine []int
	for _, i := range order {
		best := 0
		for s := range load {
			if load[s] < load[best] {
				best = s
			}
		}
		load[best] += costs[i]
		if best == shard {
			mine = append(mine, i)
		}
	}
	slices.Sort(mine)
	return mine
}

// ShardFiles returns the netlist files of shard `shard` of `shards` (0-based),
// in their given order: the same deterministic, cost-balanced assignment
// as a sharded Build, with the cost of a file its logic gates times
// pairs(widths) (see SimulatedPairs), its name the path.
func ShardFiles(files []string, lo LoadOptions, pairs func(aBits, bBits int) float64, shard, shards int) ([]string, error) {
	if shards < 1 || shard < 0 || shard >= shards {
		return nil, fmt.Errorf("gen: shard %d of %d", shard, shards)
	}
	costs := make([]float64, len(files))
	for i, f := range files {
		costs[i] = loadCost(f, lo, pairs)
	}
	var out []string
	for _, i := range pickShard(files, costs, shard, shards) {
		out = append(out, files[i])
	}
	return out, nil
}

// selectShard returns the items of shard opts.Shard of opts.Shards (see
// pickShard) and the part description of the bundle.
func selectShard(items []buildItem, src BundleSource, opts BuildOptions) ([]buildItem, *BundlePart, error) {
	if opts.Shard < 0 || opts.Shard >= opts.Shards {
		return nil, nil, fmt.Errorf("gen: build: shard %d of %d", opts.Shard, opts.Shards)
	}
	fp, err := fingerprint(items, src, opts)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(items))
	costs := make([]float64, len(items))
	pairs := SimulatedPairs(opts.Exhaustive, opts.Samples)
	for i, it := range items {
		names[i] = it.name
		costs[i] = 1
		if it.err == nil {
			costs[i] = loadCost(it.path, opts.loadOptions(it), pairs)
		}
	}
	part := &BundlePart{Index: opts.Shard, Count: opts.Shards, Fingerprint: fp, Circuits: []string{}}
	var mine []buildItem
	for _, i := range pickShard(names, costs, opts.Shard, opts.Shards) {
		mine = append(mine, items[i])
	}
	slices.SortFunc(mine, func(a, b buildItem) int { return strings.Compare(a.name, b.name) })
	for _, it := range mine {
		part.Circuits = append(part.Circuits, it.name)
	}
	return mine, part, nil
}

// ReadIndex reads and checks the index.json of the bundle in dir, decoded
// under internal/jsonfile's policy (unknown keys and trailing data are
// errors at line:col).
func ReadIndex(dir string) (*BundleIndex, error) {
	idx, err := readIndex(dir)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	return idx, nil
}

// readIndex is ReadIndex without the package prefix on its errors.
func readIndex(dir string) (*BundleIndex, error) {
	path := filepath.Join(dir, IndexFile)
	data, err := regfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var idx BundleIndex
	if err := jsonfile.Decode(path, data, &idx); err != nil {
		return nil, err
	}
	if idx.Format != BundleFormat {
		return nil, fmt.Errorf("%s: format %q, want %q", path, idx.Format, BundleFormat)
	}
	return &idx, nil
}

// Merge joins the partial bundles of a sharded build into the bundle out,
// byte for byte the bundle that one unsharded Build of the same inputs
// writes. It refuses parts of different builds (fingerprints), duplicate
// or missing shards, naming them. out is written like Build writes it.
func Merge(ctx context.Context, parts []string, out string) (*BuildSummary, error) {
	return MergeProgress(ctx, parts, out, nil)
}

// MergeProgress is Merge calling progress, when not nil, after each
// multiplier's files are copied, with the multipliers done, their number
// and the name of the last.
func MergeProgress(ctx context.Context, parts []string, out string, progress func(done, total int, name string)) (*BuildSummary, error) {
	sum := &BuildSummary{Dir: out}
	if len(parts) == 0 {
		return sum, errors.New("gen: merge: no parts given")
	}
	idxs := make([]*BundleIndex, len(parts))
	for i, p := range parts {
		idx, err := readIndex(p)
		if err != nil {
			return sum, fmt.Errorf("gen: merge: %w", err)
		}
		if idx.Part == nil {
			return sum, fmt.Errorf("gen: merge: %s is a whole bundle, not a part of a sharded build (gen --shard i/N)", p)
		}
		idxs[i] = idx
	}
	first := idxs[0].Part
	byShard := make([]string, first.Count)
	for i, idx := range idxs {
		pt := idx.Part
		if pt.Fingerprint != first.Fingerprint || pt.Count != first.Count {
			return sum, fmt.Errorf("gen: merge: %s (shard %d/%d) comes from other inputs or options than %s (shard %d/%d): fingerprints %.12s and %.12s",
				parts[i], pt.Index, pt.Count, parts[0], first.Index, first.Count, pt.Fingerprint, first.Fingerprint)
		}
		if pt.Index < 0 || pt.Index >= pt.Count {
			return sum, fmt.Errorf("gen: merge: %s: shard %d of %d", parts[i], pt.Index, pt.Count)
		}
		if prev := byShard[pt.Index]; prev != "" {
			return sum, fmt.Errorf("gen: merge: shard %d/%d given twice: %s and %s", pt.Index, pt.Count, prev, parts[i])
		}
		byShard[pt.Index] = parts[i]
	}
	var missing []string
	for s, p := range byShard {
		if p == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", s, first.Count))
		}
	}
	if len(missing) > 0 {
		return sum, fmt.Errorf("gen: merge: missing shards %s (run gen --shard for each)", strings.Join(missing, ", "))
	}

	out = filepath.Clean(out)
	tmp, err := beginOutput(out, "merge", sum)
	if err != nil {
		return sum, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	merged := BundleIndex{Format: BundleFormat, Version: idxs[0].Version, Source: idxs[0].Source, ActivationPort: idxs[0].ActivationPort}
	if merged.Source.Kind != SourceBuiltin && merged.Version >= 2 && !filepath.IsAbs(filepath.FromSlash(merged.Source.Root)) {
		// The parts record the source relative to themselves; the merged
		// bundle, relative to out.
		root := filepath.Join(parts[0], filepath.FromSlash(merged.Source.Root))
		if merged.Source.Root, err = rootFromBundle(out, root); err != nil {
			return sum, err
		}
	}
	seen := map[string]string{}
	total := 0
	for _, idx := range idxs {
		total += len(idx.Multipliers)
	}
	for i, idx := range idxs {
		if err := ctx.Err(); err != nil {
			return sum, fmt.Errorf("gen: merge: %w", err)
		}
		for _, e := range idx.Multipliers {
			if prev, dup := seen[e.Name]; dup {
				return sum, fmt.Errorf("gen: merge: %s is in %s and %s", e.Name, prev, parts[i])
			}
			seen[e.Name] = parts[i]
			for _, rel := range []string{e.Files.ErrorMap, e.Files.Int8LUT, e.Files.Int8ErrorMap} {
				if rel == "" {
					continue
				}
				if err := copyBundleFile(parts[i], tmp, rel); err != nil {
					return sum, fmt.Errorf("gen: merge: %w", err)
				}
			}
			merged.Multipliers = append(merged.Multipliers, e)
			if progress != nil {
				progress(len(merged.Multipliers), total, e.Name)
			}
		}
	}
	// Built-in bundles carry the generated Verilog: every part has all of
	// it (the fingerprint covers its digests); take it from the first.
	if merged.Source.Kind == SourceBuiltin {
		if err := copyTree(filepath.Join(parts[0], srcDir), filepath.Join(tmp, srcDir)); err != nil {
			return sum, fmt.Errorf("gen: merge: %w", err)
		}
	}
	if len(merged.Multipliers) == 0 {
		return sum, errors.New("gen: merge: the parts hold no multipliers")
	}
	slices.SortFunc(merged.Multipliers, func(a, b BundleEntry) int { return strings.Compare(a.Name, b.Name) })
	if err := writeIndex(tmp, &merged); err != nil {
		return sum, fmt.Errorf("gen: merge: %w", err)
	}
	if err := replaceDir(out, tmp); err != nil {
		return sum, err
	}
	done = true
	sum.Circuits = len(merged.Multipliers)
	return sum, nil
}

// copyBundleFile copies the bundle file rel (slash-separated, inside the
// bundle) from the bundle src to the folder dst.
func copyBundleFile(src, dst, rel string) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("%s: file %q is outside the bundle", src, rel)
	}
	to := filepath.Join(dst, filepath.FromSlash(rel))
	if _, err := os.Stat(to); err == nil {
		return nil // shared file (a signed map is its own int8 map)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o777); err != nil {
		return err
	}
	return copyFile(filepath.Join(src, filepath.FromSlash(rel)), to)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o777)
		}
		return copyFile(p, filepath.Join(to, rel))
	})
}
