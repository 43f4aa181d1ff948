package gen

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/axmul/axmul/gen/cache"
)

// RecordVersion is the version of the metric definitions and map layouts
// behind a cached characterisation record. It is part of every cache key:
// bump it whenever a metric, an estimate or a file layout changes, so that
// older records are never reused.
//
// 2: entries record the sha256 of each map file (EntryFiles).
// 3: entries (and the sim and hw records) record how the netlist was read
// (signed_from, ports, o_range, ties).
// 4: entries record the top module named with --top; the logic of tied
// inputs is folded, so tied circuits have fewer gates and less depth.
const RecordVersion = "4"

type cacheState uint8

const (
	cacheUnused cacheState = iota
	cacheHit
	cacheMiss
)

// cacheUse reports how buildOne used the cache.
type cacheUse struct {
	state   cacheState
	warning string // e.g. a corrupt entry that was recomputed
}

// Cacheable reports whether a netlist's record may be cached under the
// digest of its bytes: not when the text may `include another file
// (anywhere, comments included: a conservative test), whose content the
// digest does not cover, so that a changed included file can never be
// answered from the cache.
func Cacheable(netlist []byte) bool {
	return !bytes.Contains(netlist, []byte("`include"))
}

// cacheKey is the key of a circuit's record: the netlist's bytes and every
// option that changes the record.
func cacheKey(it buildItem, digest [32]byte, opts BuildOptions) cache.Key {
	est := "no-estimate"
	if opts.Liberty != nil {
		est = "estimate"
	}
	parts := []string{
		"axmul-gen-record", RecordVersion,
		hex.EncodeToString(digest[:]),
		it.name, // the name decides signedness (SignFromName) and the MRE convention
		strconv.Itoa(int(it.sign)),
		opts.CellsID, est,
		strconv.FormatBool(opts.Exhaustive),
		strconv.FormatUint(opts.Samples, 10),
		strconv.FormatUint(opts.Seed, 10),
		opts.Roles.String(), // port roles change what is measured
		opts.optionsKey(),   // so do --top, --signed/--unsigned, --define, -I
	}
	if opts.ActivationPort == PortB {
		// Transposed maps; port-A keys stay as they were.
		parts = append(parts, "activation-port B")
	}
	return cache.NewKey(parts...)
}

// File roles in a cached record.
const (
	roleErrorMap = "error_map"
	roleLUT      = "int8_lut"
	roleInt8Map  = "int8_error_map"
)

// fromCache returns the record of key with its maps written into tmp under
// it's names, or nil on a miss (with a warning when the entry was corrupt).
func fromCache(c *cache.Cache, key cache.Key, tmp string, it buildItem) (*BundleEntry, string) {
	ce, err := c.Get(key)
	if err != nil {
		if errors.Is(err, cache.ErrCorrupt) {
			return nil, fmt.Sprintf("%s: %v; recomputed", it.name, err)
		}
		return nil, fmt.Sprintf("%s: cache not read: %v", it.name, err)
	}
	if ce == nil {
		return nil, ""
	}
	var e BundleEntry
	if err := json.Unmarshal(ce.Meta, &e); err != nil {
		return nil, fmt.Sprintf("%s: cache entry %s unreadable (%v); recomputed", it.name, key, err)
	}
	// Files get the mode this run's umask gives (tmp was made with 0777
	// minus the umask).
	st, err := os.Stat(tmp)
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", it.name, err)
	}
	want := st.Mode().Perm() & 0o666
	files := []struct {
		role string
		dir  string
		dst  *string
	}{{roleErrorMap, mapsDir, &e.Files.ErrorMap}, {roleLUT, lutDir, &e.Files.Int8LUT}, {roleInt8Map, int8Dir, &e.Files.Int8ErrorMap}}
	for _, f := range files {
		if *f.dst == "" {
			continue
		}
		if f.role == roleInt8Map && e.Signed {
			*f.dst = e.Files.ErrorMap // a signed 8x8 map is its own int8 map
			continue
		}
		cf := ce.File(f.role)
		if cf == nil {
			return nil, fmt.Sprintf("%s: cache entry %s lacks its %s; recomputed", it.name, key, f.role)
		}
		*f.dst = f.dir + "/" + it.name + ".npy"
		if err := cache.Link(cf, filepath.Join(tmp, filepath.FromSlash(*f.dst)), want); err != nil {
			return nil, fmt.Sprintf("%s: %v; recomputed", it.name, err)
		}
	}
	return &e, ""
}

// toCache stores e (its computed fields) and its maps, which it takes
// from tmp (hard-linked where possible).
func toCache(c *cache.Cache, key cache.Key, tmp string, e *BundleEntry) error {
	meta, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ce := &cache.Entry{Meta: meta}
	for _, f := range []struct{ role, rel string }{
		{roleErrorMap, e.Files.ErrorMap}, {roleLUT, e.Files.Int8LUT}, {roleInt8Map, e.Files.Int8ErrorMap},
	} {
		if f.rel == "" || (f.role == roleInt8Map && e.Signed) {
			continue
		}
		ce.Files = append(ce.Files, cache.File{Name: f.role, Source: filepath.Join(tmp, filepath.FromSlash(f.rel))})
	}
	return c.Put(key, ce)
}
