package cache

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testEntry writes the files of record n into dir and returns the record
// to Put and the bytes of its files by name.
func testEntry(t *testing.T, dir string, n int) (*Entry, map[string][]byte) {
	t.Helper()
	files := map[string][]byte{
		"a.npy": bytes.Repeat([]byte{byte(n)}, 100+n),
		"empty": nil,
		"b":     []byte("xyz"),
	}
	e := &Entry{Meta: json.RawMessage(fmt.Sprintf(`{"n":%d}`, n))}
	for _, name := range []string{"a.npy", "empty", "b"} {
		p := filepath.Join(dir, fmt.Sprintf("%d-%s", n, name))
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			t.Fatal(err)
		}
		e.Files = append(e.Files, File{Name: name, Source: p})
	}
	return e, files
}

func checkEntry(t *testing.T, got *Entry, meta string, files map[string][]byte) {
	t.Helper()
	if got == nil {
		t.Fatal("miss")
	}
	if string(got.Meta) != meta || len(got.Files) != len(files) {
		t.Fatalf("got %s with %d files, want %s with %d", got.Meta, len(got.Files), meta, len(files))
	}
	for name, want := range files {
		f := got.File(name)
		if f == nil {
			t.Fatalf("no file %s", name)
		}
		dst := filepath.Join(t.TempDir(), "out")
		if err := Link(f, dst, 0o644); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(dst)
		if !bytes.Equal(data, want) {
			t.Errorf("file %s: %d bytes, want %d", name, len(data), len(want))
		}
	}
}

func TestPutGet(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey("netlist-hash", "signed")
	if e, err := c.Get(k); e != nil || err != nil {
		t.Fatalf("empty cache: %v, %v", e, err)
	}
	src := t.TempDir()
	e, files := testEntry(t, src, 3)
	if err := c.Put(k, e); err != nil {
		t.Fatal(err)
	}
	// The record does not depend on its sources any more.
	os.RemoveAll(src)
	got, err := c.Get(k)
	if err != nil {
		t.Fatal(err)
	}
	checkEntry(t, got, `{"n":3}`, files)
	if got.File("missing") != nil {
		t.Error("File found a missing name")
	}
	if s, _ := c.Stat(); s.Entries != 1 || s.Bytes < 103 {
		t.Errorf("stat %+v", s)
	}
}

func TestKeyParts(t *testing.T) {
	// Length prefixes: moving a boundary changes the key.
	if NewKey("ab", "c") == NewKey("a", "bc") || NewKey("a", "") == NewKey("a") {
		t.Error("keys of different part lists collide")
	}
	if NewKey("x", "y") != NewKey("x", "y") {
		t.Error("key not deterministic")
	}
}

func TestCorruptRecords(t *testing.T) {
	mess := func(b []byte) []byte { b[len(b)/2] ^= 1; return b }
	for _, tc := range []struct {
		name string
		blob bool // damage a blob instead of the entry
		do   func([]byte) []byte
	}{
		{"entry flipped byte", false, mess},
		{"entry truncated", false, func(b []byte) []byte { return b[:len(b)-10] }},
		{"entry empty", false, func([]byte) []byte { return nil }},
		{"entry appended", false, func(b []byte) []byte { return append(b, 0) }},
		{"blob flipped byte", true, mess},
		{"blob truncated", true, func(b []byte) []byte { return b[:len(b)-1] }},
		{"blob removed", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := Open(t.TempDir())
			k := NewKey(tc.name)
			e, _ := testEntry(t, t.TempDir(), 1)
			if err := c.Put(k, e); err != nil {
				t.Fatal(err)
			}
			p := c.entryPath(k)
			if tc.blob {
				rec, _ := c.Get(k)
				p = rec.File("a.npy").Path
			}
			data, _ := os.ReadFile(p)
			os.Remove(p) // break a hard link to the source before writing
			if tc.do != nil {
				if err := os.WriteFile(p, tc.do(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := c.Get(k)
			if got != nil || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, %v; want ErrCorrupt", got, err)
			}
			if _, err := os.Stat(c.entryPath(k)); !os.IsNotExist(err) {
				t.Error("corrupt entry not removed")
			}
			if got, err := c.Get(k); got != nil || err != nil {
				t.Errorf("after removal: %v, %v", got, err)
			}
		})
	}
}

// TestConcurrentWriters: many goroutines put and get the same keys; every
// read sees a whole record.
func TestConcurrentWriters(t *testing.T) {
	c, _ := Open(t.TempDir())
	src := t.TempDir()
	var es []*Entry
	var fs []map[string][]byte
	for i := range 4 {
		e, f := testEntry(t, src, i)
		es, fs = append(es, e), append(fs, f)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				k := NewKey("k", fmt.Sprint(i%4))
				if err := c.Put(k, es[i%4]); err != nil {
					t.Error(err)
					return
				}
				got, err := c.Get(k)
				if err != nil || got == nil {
					t.Errorf("writer %d: %v %v", w, got, err)
					return
				}
				if string(got.Meta) != fmt.Sprintf(`{"n":%d}`, i%4) {
					t.Errorf("writer %d: record %s", w, got.Meta)
				}
			}
		}()
	}
	wg.Wait()
	if s, _ := c.Stat(); s.Entries != 4 {
		t.Errorf("%d entries, want 4", s.Entries)
	}
	for i := range 4 {
		got, _ := c.Get(NewKey("k", fmt.Sprint(i)))
		checkEntry(t, got, fmt.Sprintf(`{"n":%d}`, i), fs[i])
	}
}

func TestPruneLRU(t *testing.T) {
	c, _ := Open(t.TempDir())
	src := t.TempDir()
	var keys []Key
	old := time.Now().Add(-time.Hour)
	for i := range 5 {
		k := NewKey("p", fmt.Sprint(i))
		keys = append(keys, k)
		e, _ := testEntry(t, src, i)
		if err := c.Put(k, e); err != nil {
			t.Fatal(err)
		}
		ts := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(c.entryPath(k), ts, ts)
	}
	c.Get(keys[0]) // now the most recent
	before, _ := c.Stat()
	removed, err := c.Prune(before.Bytes - 1) // must drop the oldest: keys[1]
	if err != nil {
		t.Fatal(err)
	}
	if removed.Entries != 1 {
		t.Fatalf("removed %+v", removed)
	}
	if e, _ := c.Get(keys[1]); e != nil {
		t.Error("least recently used record kept")
	}
	if e, _ := c.Get(keys[0]); e == nil {
		t.Error("recently read record pruned")
	}
	after, _ := c.Stat()
	if after.Bytes != before.Bytes-removed.Bytes {
		t.Errorf("stat %d bytes after removing %d of %d", after.Bytes, removed.Bytes, before.Bytes)
	}
	if r, _ := c.Clear(); r.Entries != 4 {
		t.Errorf("clear removed %+v", r)
	}
	if s, _ := c.Stat(); s.Entries != 0 || s.Bytes != 0 {
		t.Errorf("after clear %+v", s)
	}
	left := 0
	filepath.WalkDir(c.Dir(), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			left++
		}
		return nil
	})
	if left != 0 {
		t.Errorf("%d files left after clear", left)
	}
}
