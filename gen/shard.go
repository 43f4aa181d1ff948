package gen

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// ParseShard parses "i/N" (0 <= i < N) as given to --shard.
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || i < 0 || i >= n || n > 1<<16 {
		return 0, 0, fmt.Errorf("shard %q: want i/N with 0 <= i < N, e.g. 0/4", s)
	}
	return i, n, nil
}

// fingerprint hashes the whole build's inputs and result-changing options.
func fingerprint(items []buildItem, src BundleSource, opts BuildOptions) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "axmul-shards %s\n%s\n%q %q %q %q\n", RecordVersion, BundleFormat, src.Kind, src.Root, src.Library, src.Layout)
	fmt.Fprintf(h, "filter %q cells %q liberty %t exhaustive %t samples %d seed %d keep-going %t\n",
		opts.Filter, opts.CellsID, opts.Liberty != nil, opts.Exhaustive, opts.Samples, opts.Seed, opts.KeepGoing)
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

// shardCost estimates the work of a circuit: logic gates times simulated
// operand pairs; a circuit that does not load costs 1 (it fails fast).
func shardCost(it buildItem, opts BuildOptions) float64 {
	if it.err != nil {
		return 1
	}
	c, err := Load(it.path, LoadOptions{Cells: opts.Cells, Sign: it.sign})
	if err != nil {
		return 1
	}
	st, err := c.Netlist.Stats()
	if err != nil {
		return 1
	}
	bits := c.ABits + c.BBits
	pairs := float64(uint64(1) << min(bits, 62))
	if bits > 24 && !opts.Exhaustive {
		s := opts.Samples
		if s == 0 {
			s = 1 << 24
		}
		pairs = float64(s)
	}
	return float64(max(st.Logic, 1)) * pairs
}

// selectShard returns the items of shard opts.Shard of opts.Shards: items
// sorted by decreasing cost (then name) go one by one to the shard with the
// least total so far (then the lowest index), the longest-processing-time
// rule, so every shard computes the same assignment.
func selectShard(items []buildItem, src BundleSource, opts BuildOptions) ([]buildItem, *BundlePart, error) {
	if opts.Shard < 0 || opts.Shard >= opts.Shards {
		return nil, nil, fmt.Errorf("gen: build: shard %d of %d", opts.Shard, opts.Shards)
	}
	fp, err := fingerprint(items, src, opts)
	if err != nil {
		return nil, nil, err
	}
	type costed struct {
		i    int
		cost float64
	}
	cs := make([]costed, len(items))
	for i, it := range items {
		cs[i] = costed{i, shardCost(it, opts)}
	}
	slices.SortFunc(cs, func(a, b costed) int {
		if c := cmp.Compare(b.cost, a.cost); c != 0 {
			return c
		}
		return cmp.Compare(items[a.i].name, items[b.i].name)
	})
	load := make([]float64, opts.Shards)
	var mine []buildItem
	for _, c := range cs {
		best := 0
		for s := range load {
			if load[s] < load[best] {
				best = s
			}
		}
		load[best] += c.cost
		if best == opts.Shard {
			mine = append(mine, items[c.i])
		}
	}
	slices.SortFunc(mine, func(a, b buildItem) int { return strings.Compare(a.name, b.name) })
	part := &BundlePart{Index: opts.Shard, Count: opts.Shards, Fingerprint: fp, Circuits: []string{}}
	for _, it := range mine {
		part.Circuits = append(part.Circuits, it.name)
	}
	return mine, part, nil
}

// ReadIndex reads and checks the index.json of the bundle in dir.
func ReadIndex(dir string) (*BundleIndex, error) {
	path := filepath.Join(dir, IndexFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var idx BundleIndex
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("gen: %s: %w", path, err)
	}
	if idx.Format != BundleFormat {
		return nil, fmt.Errorf("gen: %s: format %q, want %q", path, idx.Format, BundleFormat)
	}
	return &idx, nil
}

// Merge joins the partial bundles of a sharded build into the bundle out,
// byte for byte the bundle that one unsharded Build of the same inputs
// writes. It refuses parts of different builds (fingerprints), duplicate
// or missing shards, naming them. out is written like Build writes it.
func Merge(ctx context.Context, parts []string, out string) (*BuildSummary, error) {
	sum := &BuildSummary{Dir: out}
	if len(parts) == 0 {
		return sum, errors.New("gen: merge: no parts given")
	}
	idxs := make([]*BundleIndex, len(parts))
	for i, p := range parts {
		idx, err := ReadIndex(p)
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
	if err := checkReplaceable(out); err != nil {
		return sum, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return sum, fmt.Errorf("gen: merge: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	merged := BundleIndex{Format: BundleFormat, Version: idxs[0].Version, Source: idxs[0].Source}
	seen := map[string]string{}
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
	if err := os.Chmod(tmp, 0o755); err != nil {
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
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
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
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
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
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return copyFile(p, filepath.Join(to, rel))
	})
}
