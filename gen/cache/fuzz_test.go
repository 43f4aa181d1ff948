package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// seal returns an entry file with body after the magic and the checksum
// that Put appends.
func seal(body string) []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	b.WriteString(body)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// FuzzDecode feeds entry files to decode: it never panics, and what it
// accepts names every file by a 64-digit hex digest and a size >= 0 and
// carries a checksum that matches. The seeds are well-formed entries
// (sealed like Put seals them) and the corruptions Get must catch.
func FuzzDecode(f *testing.F) {
	digest := hex.EncodeToString(make([]byte, sha256.Size))
	good := `{"meta":{"name":"mul8u_x","mae":1.5},"files":[{"name":"error_map","sha256":"` + digest + `","size":262272}]}` + "\n"
	for _, s := range [][]byte{
		seal(good),
		seal(`{"meta":null,"files":[]}` + "\n"),
		seal(good + `{"meta":{}}`), // trailing data
		seal(`{"meta":{},"files":[{"name":"x","sha256":"` + digest + `","size":-1}]}`), // negative size
		seal(`{"meta":{},"files":[{"name":"x","sha256":"abc","size":1}]}`),             // short digest
		seal(`{"meta":{},"files":[],"extra":1}`),                                       // unknown field
		seal(`{"meta":`),                                                               // truncated JSON
		seal(good)[:len(seal(good))-5],                                                 // truncated file
		[]byte(magic),
		[]byte("AXMULCACHE1\n{}"),
		nil,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decode(data)
		if err != nil {
			if e != nil {
				t.Fatal("decode returned an entry with an error")
			}
			return
		}
		body := data[:len(data)-sha256.Size]
		if sum := sha256.Sum256(body); !bytes.Equal(sum[:], data[len(body):]) {
			t.Fatal("accepted an entry whose checksum does not match")
		}
		for _, fl := range e.Files {
			if b, err := hex.DecodeString(fl.SHA256); err != nil || len(b) != sha256.Size || fl.Size < 0 {
				t.Fatalf("accepted file %q with digest %q, size %d", fl.Name, fl.SHA256, fl.Size)
			}
		}
	})
}

// TestDecodeSeeds: the well-formed seeds decode, each corruption is
// refused.
func TestDecodeSeeds(t *testing.T) {
	digest := hex.EncodeToString(make([]byte, sha256.Size))
	good := `{"meta":{"a":1},"files":[{"name":"error_map","sha256":"` + digest + `","size":3}]}` + "\n"
	e, err := decode(seal(good))
	if err != nil || len(e.Files) != 1 || e.Files[0].Size != 3 || string(e.Meta) != `{"a":1}` {
		t.Fatalf("good entry: %+v, %v", e, err)
	}
	for name, data := range map[string][]byte{
		"trailing data":  seal(good + `{}`),
		"negative size":  seal(`{"meta":{},"files":[{"name":"x","sha256":"` + digest + `","size":-1}]}`),
		"short digest":   seal(`{"meta":{},"files":[{"name":"x","sha256":"abc","size":1}]}`),
		"unknown field":  seal(`{"meta":{},"files":[],"extra":1}`),
		"truncated JSON": seal(`{"meta":`),
		"truncated file": seal(good)[:len(seal(good))-5],
		"flipped bit":    append([]byte{}, seal(good)...),
		"old magic":      []byte("AXMULCACHE1\n{}"),
		"empty":          nil,
	} {
		if name == "flipped bit" {
			data[len(magic)+3] ^= 1
		}
		if _, err := decode(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
