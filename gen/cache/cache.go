package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const (
	magic   = "AXMULCACHE1\n"
	version = "v1"
	suffix  = ".entry"
	// maxEntry bounds the size of one entry read back (error maps of
	// circuits with 24 operand bits are 64 MiB each).
	maxEntry = 1 << 30
)

// ErrCorrupt marks an entry that failed its checksum or could not be
// decoded; Get has removed it.
var ErrCorrupt = errors.New("corrupt cache entry")

// Cache is a cache folder.
type Cache struct {
	dir string
}

// Open returns the cache in dir, creating the folder when needed.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("cache: no folder given")
	}
	if err := os.MkdirAll(filepath.Join(dir, version), 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return &Cache{dir: dir}, nil
}

// DefaultDir returns the default cache folder: "axmul" under the user's
// cache folder (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on Linux).
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: no default cache folder (%w); give --cache DIR or --no-cache", err)
	}
	return filepath.Join(d, "axmul"), nil
}

// Dir returns the cache folder.
func (c *Cache) Dir() string { return c.dir }

// Key identifies an entry: the sha256 of its parts.
type Key [32]byte

// String returns the key in hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// NewKey hashes parts, each prefixed by its length so that no two different
// part lists give the same key.
func NewKey(parts ...string) Key {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// File is a named blob of an entry.
type File struct {
	Name string
	Data []byte
}

// Entry is a cached record: the caller's metadata (JSON) and files.
type Entry struct {
	Meta  json.RawMessage
	Files []File
}

// File returns the data of the file called name, or nil.
func (e *Entry) File(name string) []byte {
	for _, f := range e.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

type header struct {
	Meta  json.RawMessage `json:"meta"`
	Files []fileHeader    `json:"files"`
}

type fileHeader struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, version, s[:2], s+suffix)
}

// Get returns the entry of k, or (nil, nil) when there is none. A corrupt
// entry is removed and reported with an error wrapping ErrCorrupt.
func (c *Cache) Get(k Key) (*Entry, error) {
	p := c.path(k)
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	if !st.Mode().IsRegular() || st.Size() > maxEntry {
		os.Remove(p)
		return nil, fmt.Errorf("cache: %s: %w (not a regular file of sane size)", p, ErrCorrupt)
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // pruned meanwhile
	}
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	e, err := decode(data)
	if err != nil {
		os.Remove(p)
		return nil, fmt.Errorf("cache: %s: %w: %v", p, ErrCorrupt, err)
	}
	now := time.Now()
	os.Chtimes(p, now, now) // recency for Prune; failure is harmless
	return e, nil
}

func decode(data []byte) (*Entry, error) {
	if len(data) < len(magic)+sha256.Size || string(data[:len(magic)]) != magic {
		return nil, errors.New("bad magic or truncated")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("checksum mismatch")
	}
	rest := body[len(magic):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil, errors.New("no header line")
	}
	var h header
	if err := json.Unmarshal(rest[:nl], &h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	rest = rest[nl+1:]
	e := &Entry{Meta: h.Meta}
	for _, f := range h.Files {
		if f.Size < 0 || f.Size > int64(len(rest)) {
			return nil, fmt.Errorf("file %q: size %d beyond the entry", f.Name, f.Size)
		}
		e.Files = append(e.Files, File{Name: f.Name, Data: rest[:f.Size:f.Size]})
		rest = rest[f.Size:]
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d trailing bytes", len(rest))
	}
	return e, nil
}

// Put stores e under k: written to a temporary file beside the entry and
// renamed into place.
func (c *Cache) Put(k Key, e *Entry) error {
	h := header{Meta: e.Meta, Files: make([]fileHeader, len(e.Files))}
	for i, f := range e.Files {
		h.Files[i] = fileHeader{Name: f.Name, Size: int64(len(f.Data))}
	}
	line, err := json.Marshal(&h)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	buf.Write(line)
	buf.WriteByte('\n')
	for _, f := range e.Files {
		buf.Write(f.Data)
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])

	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), p)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache: %w", werr)
	}
	return nil
}

// Stats summarises a cache.
type Stats struct {
	Entries int
	Bytes   int64
}

type entryFile struct {
	path string
	size int64
	mod  time.Time
}

// list returns every entry file (and left-over temporary files older than
// an hour, which a killed writer may leave).
func (c *Cache) list() ([]entryFile, error) {
	var out []entryFile
	root := filepath.Join(c.dir, version)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		name := d.Name()
		switch {
		case strings.HasSuffix(name, suffix):
			out = append(out, entryFile{p, info.Size(), info.ModTime()})
		case strings.HasPrefix(name, ".put-") && time.Since(info.ModTime()) > time.Hour:
			os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return out, nil
}

// Stat counts the entries and their bytes.
func (c *Cache) Stat() (Stats, error) {
	files, err := c.list()
	var s Stats
	for _, f := range files {
		s.Entries++
		s.Bytes += f.size
	}
	return s, err
}

// Prune removes the least recently used entries until the cache holds at
// most maxBytes, and returns what it removed.
func (c *Cache) Prune(maxBytes int64) (Stats, error) {
	files, err := c.list()
	if err != nil {
		return Stats{}, err
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	slices.SortFunc(files, func(a, b entryFile) int {
		if c := a.mod.Compare(b.mod); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	var removed Stats
	for _, f := range files {
		if total <= maxBytes {
			break
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("cache: %w", err)
		}
		total -= f.size
		removed.Entries++
		removed.Bytes += f.size
	}
	return removed, nil
}

// Clear removes every entry.
func (c *Cache) Clear() (Stats, error) {
	return c.Prune(-1)
}
