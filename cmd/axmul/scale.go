package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/axmul/axmul/gen"
	"github.com/axmul/axmul/gen/cache"
	"github.com/axmul/axmul/internal/regfile"
)

// cacheFlags are --cache and --no-cache.
type cacheFlags struct {
	dir string
	off bool
}

func (c *cacheFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dir, "cache", "", "cache `folder` of characterisation records (default: axmul under the user cache folder)")
	fs.BoolVar(&c.off, "no-cache", false, "neither read nor fill the cache")
}

// open returns the cache to use, or nil with --no-cache.
func (c *cacheFlags) open() (*cache.Cache, error) {
	if c.off {
		if c.dir != "" {
			return nil, usagef("--cache and --no-cache are exclusive")
		}
		return nil, nil
	}
	dir := c.dir
	if dir == "" {
		var err error
		if dir, err = cache.DefaultDir(); err != nil {
			return nil, err
		}
	}
	return cache.Open(dir)
}

// cacheNote is the cache part of gen's summary line.
func cacheNote(c *cache.Cache, sum *gen.BuildSummary) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf(" (cache: %d hits, %d simulated)", sum.CacheHits, sum.CacheMisses)
}

// fileDigest returns the hex sha256 of a file's bytes.
func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func cmdMerge() *command {
	var out string
	return &command{
		name:  "merge",
		usage: "PART... -o LIBDIR",
		short: "join the partial bundles of 'gen --shard i/N' into one bundle",
		long: `Merge joins the N partial bundles written by 'axmul gen --shard i/N' (i = 0 ..
N-1) into LIBDIR, byte for byte the bundle one unsharded 'axmul gen' of the
same inputs writes. It refuses parts of different inputs or options (each
part records a fingerprint of the whole build), shards given twice and
missing shards, naming them. LIBDIR is written like gen writes it.`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			fs.StringVar(&out, "o", "", "bundle `folder` to write (LIBDIR)")
			return func(ctx context.Context, e *env, args []string) error {
				if out == "" {
					return usagef("-o LIBDIR is required")
				}
				if len(args) == 0 {
					return usagef("give the part folders to merge")
				}
				if err := checkOutputFolder("-o", out); err != nil {
					return err
				}
				bar := newProgressBar(e.stderr)
				sum, err := gen.MergeProgress(ctx, args, out, bar.update)
				bar.done()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "wrote %s: %d circuits from %d parts\n", sum.Dir, sum.Circuits, len(args))
				return nil
			}
		},
	}
}

func cmdCache() *command {
	var cf cacheFlags
	var maxSize string
	return &command{
		name:  "cache",
		usage: "stat | prune --max-size SIZE | clear  [--cache DIR]",
		short: "inspect, prune or clear the cache of characterisation records",
		long: `Cache works on the cache that 'axmul gen' fills (--cache DIR, default: axmul
under the user cache folder, e.g. ~/.cache/axmul):

  stat                   the number of records and their size
  prune --max-size SIZE  remove the least recently used records until the
                         cache holds at most SIZE (bytes, or with a suffix
                         K, M, G: powers of 1024)
  clear                  remove every record`,
		setup: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			fs.StringVar(&cf.dir, "cache", "", "cache `folder` (default: axmul under the user cache folder)")
			fs.StringVar(&maxSize, "max-size", "", "with prune: the size to prune to (e.g. 500M)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usagef("give one of stat, prune, clear")
				}
				if args[0] != "prune" && maxSize != "" {
					return usagef("--max-size is for prune")
				}
				c, err := cf.open()
				if err != nil {
					return err
				}
				switch args[0] {
				case "stat":
					s, err := c.Stat()
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: %d records, %s\n", c.Dir(), s.Entries, humanBytes(s.Bytes))
				case "prune":
					if maxSize == "" {
						return usagef("prune needs --max-size SIZE")
					}
					limit, err := parseSize(maxSize)
					if err != nil {
						return usagef("--max-size: %v", err)
					}
					r, err := c.Prune(limit)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: removed %d records, %s\n", c.Dir(), r.Entries, humanBytes(r.Bytes))
				case "clear":
					r, err := c.Clear()
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s: removed %d records, %s\n", c.Dir(), r.Entries, humanBytes(r.Bytes))
				default:
					return usagef("unknown cache action %q: give stat, prune or clear", args[0])
				}
				return nil
			}
		},
	}
}

// parseSize reads a byte count with an optional K, M, G or T suffix
// (powers of 1024; a trailing B or iB is accepted).
func parseSize(s string) (int64, error) {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "B"), "I")
	mult := int64(1)
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult, t = 1<<10, t[:n-1]
		case 'M':
			mult, t = 1<<20, t[:n-1]
		case 'G':
			mult, t = 1<<30, t[:n-1]
		case 'T':
			mult, t = 1<<40, t[:n-1]
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v < 0 || v > (1<<62)/mult {
		return 0, fmt.Errorf("size %q: want a non-negative byte count such as 1048576, 500M or 2G", s)
	}
	return v * mult, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// fileCache caches the per-file records of sim and hw, keyed by the
// netlist's bytes, its base name (which can decide signedness) and every
// option that changes the record (opts, in canonical text; maps print
// with sorted keys). -I folders are not part of the key: a netlist that
// can read them (`include) is never cached (gen.Cacheable).
type fileCache struct {
	c            *cache.Cache
	kind, opts   string
	hits, misses atomic.Int64
}

// newFileCache returns nil (no caching) when c is nil.
func newFileCache(c *cache.Cache, kind string, opts ...any) *fileCache {
	if c == nil {
		return nil
	}
	return &fileCache{c: c, kind: kind, opts: fmt.Sprintf("%q", opts)}
}

// cachedRecord returns file's record from fc, or computes and stores it.
// A nil fc just computes.
func cachedRecord[T any](fc *fileCache, file string, compute func() (T, error)) (T, error) {
	if fc == nil {
		return compute()
	}
	data, err := regfile.ReadFile(file) // never blocks on a FIFO
	if err != nil || !gen.Cacheable(data) {
		return compute() // the front-end reports an error; an `include is not covered by the digest
	}
	digest := sha256.Sum256(data)
	key := cache.NewKey("axmul-"+fc.kind+"-record", gen.RecordVersion, hex.EncodeToString(digest[:]),
		filepath.Base(file), fc.opts)
	if ce, _ := fc.c.Get(key); ce != nil { // a corrupt entry is removed and recomputed
		var t T
		if json.Unmarshal(ce.Meta, &t) == nil {
			fc.hits.Add(1)
			return t, nil
		}
	}
	t, err := compute()
	if err != nil {
		return t, err
	}
	fc.misses.Add(1)
	if meta, err := json.Marshal(t); err == nil {
		fc.c.Put(key, &cache.Entry{Meta: meta}) // a failed store only costs the next run time
	}
	return t, nil
}

// note reports the cache use under -v.
func (fc *fileCache) note(e *env, verbose bool) {
	if fc != nil && verbose {
		fmt.Fprintf(e.stderr, "axmul: cache %s: %d hits, %d computed\n", fc.c.Dir(), fc.hits.Load(), fc.misses.Load())
	}
}

// shardFlag is --shard i/N of sim and hw.
type shardFlag struct {
	spec string
}

func (s *shardFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&s.spec, "shard", "", "process only part `i/N` (0 <= i < N) of the netlists: the same cost-balanced split as gen --shard")
}

// apply keeps the files of the chosen shard (all of them without --shard).
func (s *shardFlag) apply(files []string, lo gen.LoadOptions, pairs func(a, b int) float64) ([]string, error) {
	if s.spec == "" {
		return files, nil
	}
	i, n, err := gen.ParseShard(s.spec)
	if err != nil {
		return nil, usagef("--shard: %v", err)
	}
	return gen.ShardFiles(files, lo, pairs, i, n)
}
