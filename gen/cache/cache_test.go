package cache

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"
)

func testEntry(n int) *Entry {
	return &Entry{
		Meta:  json.RawMessage(`{"n":` + string(rune('0'+n%10)) + `}`),
		Files: []File{{"a.npy", bytes.Repeat([]byte{byte(n)}, 100+n)}, {"empty", nil}, {"b", []byte("xyz")}},
	}
}

func sameEntry(t *testing.T, got, want *Entry) {
	t.Helper()
	if got == nil {
		t.Fatal("miss")
	}
	if !bytes.Equal(got.Meta, want.Meta) || len(got.Files) != len(want.Files) {
		t.Fatalf("got %s with %d files, want %s with %d", got.Meta, len(got.Files), want.Meta, len(want.Files))
	}
	for i := range want.Files {
		if got.Files[i].Name != want.Files[i].Name || !bytes.Equal(got.Files[i].Data, want.Files[i].Data) {
			t.Errorf("file %d: %q (%d bytes), want %q (%d bytes)", i, got.Files[i].Name, len(got.Files[i].Data),
				want.Files[i].Name, len(want.Files[i].Data))
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
	want := testEntry(3)
	if err := c.Put(k, want); err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(k)
	if err != nil {
		t.Fatal(err)
	}
	sameEntry(t, got, want)
	if string(got.File("b")) != "xyz" || got.File("missing") != nil {
		t.Error("File lookup")
	}
	if s, _ := c.Stat(); s.Entries != 1 || s.Bytes <= 103 {
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

func TestCorruptEntries(t *testing.T) {
	for _, tc := range []struct {
		name string
		mess func([]byte) []byte
	}{
		{"flipped byte", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-10] }},
		{"empty", func([]byte) []byte { return nil }},
		{"appended", func(b []byte) []byte { return append(b, 0) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := Open(t.TempDir())
			k := NewKey(tc.name)
			if err := c.Put(k, testEntry(1)); err != nil {
				t.Fatal(err)
			}
			p := c.path(k)
			data, _ := os.ReadFile(p)
			if err := os.WriteFile(p, tc.mess(data), 0o644); err != nil {
				t.Fatal(err)
			}
			e, err := c.Get(k)
			if e != nil || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, %v; want ErrCorrupt", e, err)
			}
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Error("corrupt entry not removed")
			}
			if e, err := c.Get(k); e != nil || err != nil {
				t.Errorf("after removal: %v, %v", e, err)
			}
		})
	}
}

// TestConcurrentWriters: many goroutines put and get the same keys; every
// read sees a whole entry.
func TestConcurrentWriters(t *testing.T) {
	c, _ := Open(t.TempDir())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				k := NewKey("k", string(rune('a'+i%4)))
				want := testEntry(i % 4)
				if err := c.Put(k, want); err != nil {
					t.Error(err)
					return
				}
				got, err := c.Get(k)
				if err != nil || got == nil {
					t.Errorf("writer %d: %v %v", w, got, err)
					return
				}
				if !bytes.Equal(got.Files[0].Data, want.Files[0].Data) {
					t.Errorf("writer %d: torn entry", w)
				}
			}
		}()
	}
	wg.Wait()
	if s, _ := c.Stat(); s.Entries != 4 {
		t.Errorf("%d entries, want 4", s.Entries)
	}
}

func TestPruneLRU(t *testing.T) {
	c, _ := Open(t.TempDir())
	var keys []Key
	old := time.Now().Add(-time.Hour)
	for i := range 5 {
		k := NewKey("p", string(rune('0'+i)))
		keys = append(keys, k)
		if err := c.Put(k, testEntry(i)); err != nil {
			t.Fatal(err)
		}
		ts := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(c.path(k), ts, ts)
	}
	c.Get(keys[0]) // now the most recent
	s, _ := c.Stat()
	st, _ := os.Stat(c.path(keys[1]))
	removed, err := c.Prune(s.Bytes - st.Size()) // must drop the oldest: keys[1]
	if err != nil {
		t.Fatal(err)
	}
	if removed.Entries != 1 {
		t.Fatalf("removed %+v", removed)
	}
	if e, _ := c.Get(keys[1]); e != nil {
		t.Error("least recently used entry kept")
	}
	if e, _ := c.Get(keys[0]); e == nil {
		t.Error("recently read entry pruned")
	}
	if r, _ := c.Clear(); r.Entries != 4 {
		t.Errorf("clear removed %+v", r)
	}
	if s, _ := c.Stat(); s.Entries != 0 {
		t.Errorf("after clear %+v", s)
	}
}
