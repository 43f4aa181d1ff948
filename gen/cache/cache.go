package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const (
	magic      = "AXMULCACHE2\n"
	version    = "v2"
	entriesDir = "entries"
	blobsDir   = "blobs"
	suffix     = ".entry"
	// maxEntry bounds the size of an entry file read back.
	maxEntry = 1 << 20
)

// ErrCorrupt marks a record that failed a checksum or could not be
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
	for _, sub := range []string{entriesDir, blobsDir} {
		if err := os.MkdirAll(filepath.Join(dir, version, sub), 0o755); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
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

// File is a named file of a record.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Path is where Get found the verified bytes (in the cache); empty in
	// Put's input, which gives Source instead.
	Path string `json:"-"`
	// Source is the file Put stores (hard-linked when possible).
	Source string `json:"-"`
}

// Entry is a cached record: the caller's metadata (JSON) and files.
type Entry struct {
	Meta  json.RawMessage `json:"meta"`
	Files []File          `json:"files"`
}

// File returns the file called name, or nil.
func (e *Entry) File(name string) *File {
	for i := range e.Files {
		if e.Files[i].Name == name {
			return &e.Files[i]
		}
	}
	return nil
}

func (c *Cache) entryPath(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, version, entriesDir, s[:2], s+suffix)
}

func (c *Cache) blobPath(sum string) string {
	return filepath.Join(c.dir, version, blobsDir, sum[:2], sum)
}

// Get returns the record of k with every file verified, or (nil, nil)
// when there is none. A corrupt record is removed and reported with an
// error wrapping ErrCorrupt.
func (c *Cache) Get(k Key) (*Entry, error) {
	p := c.entryPath(k)
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
	if err == nil {
		for i := range e.Files {
			f := &e.Files[i]
			f.Path = c.blobPath(f.SHA256)
			if err = verify(f.Path, f.SHA256, f.Size); err != nil {
				err = fmt.Errorf("file %q: %w", f.Name, err)
				break
			}
		}
	}
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
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(body[len(magic):]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("header: trailing data after the JSON value")
	}
	for _, f := range e.Files {
		if b, err := hex.DecodeString(f.SHA256); err != nil || len(b) != sha256.Size || f.Size < 0 {
			return nil, fmt.Errorf("file %q: bad digest or size", f.Name)
		}
	}
	return &e, nil
}

// verify checks that the file at path has the given size and sha256.
func verify(path, sum string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("%s: content does not match its digest", path)
	}
	return nil
}

// Put stores e under k: every file from its Source (hashed, then
// hard-linked into the cache when possible, else copied), then the entry.
func (c *Cache) Put(k Key, e *Entry) error {
	rec := Entry{Meta: e.Meta, Files: make([]File, len(e.Files))}
	for i, f := range e.Files {
		sum, size, err := c.putBlob(f.Source)
		if err != nil {
			return fmt.Errorf("cache: %w", err)
		}
		rec.Files[i] = File{Name: f.Name, SHA256: sum, Size: size}
	}
	line, err := json.Marshal(&rec)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	buf.Write(line)
	buf.WriteByte('\n')
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	if err := writeAtomic(c.entryPath(k), buf.Bytes()); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// putBlob stores the file src as a blob and returns its digest and size.
func (c *Cache) putBlob(src string) (string, int64, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return "", 0, err
	}
	s := sha256.Sum256(data)
	sum := hex.EncodeToString(s[:])
	dst := c.blobPath(sum)
	if st, err := os.Stat(dst); err == nil && st.Size() == int64(len(data)) {
		return sum, st.Size(), nil // same content stored before
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", 0, err
	}
	tmp := fmt.Sprintf("%s.link-%d-%d", dst, os.Getpid(), time.Now().UnixNano())
	if os.Link(src, tmp) == nil {
		if err := os.Rename(tmp, dst); err != nil {
			os.Remove(tmp)
			return "", 0, err
		}
		return sum, int64(len(data)), nil
	}
	return sum, int64(len(data)), writeAtomic(dst, data)
}

// writeAtomic writes data to path through a temporary file in its folder.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".put-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

// Link makes dst a copy of the record file f as returned by Get: a hard
// link when the file system allows and the blob's permission bits are perm,
// else a new file created with perm (less the umask). dst must not exist.
func Link(f *File, dst string, perm fs.FileMode) error {
	if st, err := os.Stat(f.Path); err == nil && st.Mode().Perm() == perm && os.Link(f.Path, dst) == nil {
		return nil
	}
	in, err := os.Open(f.Path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// Stats summarises a cache: records, and bytes of entries and blobs.
type Stats struct {
	Entries int
	Bytes   int64
}

type entryFile struct {
	path string
	size int64
	mod  time.Time
}

// walk lists the regular files below dir, removing left-over temporary
// files older than an hour (a killed writer may leave them).
func walk(dir string) ([]entryFile, error) {
	var out []entryFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
		if strings.HasPrefix(name, ".put-") || strings.Contains(name, ".link-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
			return nil
		}
		out = append(out, entryFile{p, info.Size(), info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return out, nil
}

// Stat counts the records and the bytes of the cache.
func (c *Cache) Stat() (Stats, error) {
	var s Stats
	for _, sub := range []string{entriesDir, blobsDir} {
		files, err := walk(filepath.Join(c.dir, version, sub))
		if err != nil {
			return s, err
		}
		for _, f := range files {
			if sub == entriesDir {
				s.Entries++
			}
			s.Bytes += f.size
		}
	}
	return s, nil
}

// Prune removes the least recently used records until the cache holds at
// most maxBytes (entries and blobs; a blob counts until no entry names it)
// and returns what it removed.
func (c *Cache) Prune(maxBytes int64) (Stats, error) {
	entries, err := walk(filepath.Join(c.dir, version, entriesDir))
	if err != nil {
		return Stats{}, err
	}
	blobs, err := walk(filepath.Join(c.dir, version, blobsDir))
	if err != nil {
		return Stats{}, err
	}
	blobSize := map[string]int64{}
	var total int64
	for _, b := range blobs {
		blobSize[filepath.Base(b.path)] = b.size
		total += b.size
	}
	refs := map[string]int{}
	names := make([][]string, len(entries))
	for i, e := range entries {
		total += e.size
		if data, err := os.ReadFile(e.path); err == nil {
			if rec, err := decode(data); err == nil {
				for _, f := range rec.Files {
					names[i] = append(names[i], f.SHA256)
					refs[f.SHA256]++
				}
			}
		}
	}
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := entries[a].mod.Compare(entries[b].mod); c != 0 {
			return c
		}
		return strings.Compare(entries[a].path, entries[b].path)
	})
	var removed Stats
	for _, i := range order {
		if total <= maxBytes {
			break
		}
		if err := os.Remove(entries[i].path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("cache: %w", err)
		}
		total -= entries[i].size
		removed.Entries++
		removed.Bytes += entries[i].size
		for _, sum := range names[i] {
			if refs[sum]--; refs[sum] == 0 {
				if size, ok := blobSize[sum]; ok {
					os.Remove(c.blobPath(sum))
					total -= size
					removed.Bytes += size
				}
			}
		}
	}
	// Blobs that no entry names (an interrupted Put, or entries removed by
	// hand) go when clearing, when still over the limit, or after an hour
	// (a younger one may belong to a Put in progress).
	for _, b := range blobs {
		sum := filepath.Base(b.path)
		if refs[sum] > 0 {
			continue
		}
		if maxBytes < 0 || total > maxBytes || time.Since(b.mod) > time.Hour {
			if err := os.Remove(b.path); err == nil {
				total -= b.size
				removed.Bytes += b.size
			}
		}
	}
	return removed, nil
}

// Clear removes every record.
func (c *Cache) Clear() (Stats, error) {
	return c.Prune(-1)
}
