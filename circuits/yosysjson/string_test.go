package yosysjson

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStringDecoding checks the string scanner and decoder against
// encoding/json: every escape, \u escapes (handed to encoding/json),
// invalid UTF-8 in a string with escapes (replaced by U+FFFD as
// encoding/json does) and the errors; skipString accepts and rejects the
// same strings.
func TestStringDecoding(t *testing.T) {
	for _, tc := range []struct {
		src string
		bad bool
	}{
		{`"plain"`, false},
		{`""`, false},
		{`"$flatten\\U28678.$and$/x.v:110$67"`, false},
		{`"a\"b\/c\\d\b\f\n\r\te"`, false},
		{`"\u0041\u00e9\ud83d\ude00"`, false},
		{`"\ud800"`, false},
		{"\"caf\xc3\xa9\"", false},
		{"\"bad \xff utf8 \\n\"", false},
		{`"\x"`, true},
		{`"\u12g4"`, true},
		{`"\u12"`, true},
		{"\"tab\there\"", true},
		{`"unterminated`, true},
		{`"ends in backslash\`, true},
	} {
		p := &jparser{src: []byte(tc.src)}
		got, err := p.string()
		var want string
		wantErr := json.Unmarshal([]byte(tc.src), &want)
		if (err != nil) != tc.bad || (wantErr != nil) != tc.bad {
			t.Errorf("%q: error %v, encoding/json %v, want error %v", tc.src, err, wantErr, tc.bad)
			continue
		}
		if !tc.bad && got != want {
			t.Errorf("%q: got %q, encoding/json %q", tc.src, got, want)
		}
		if !tc.bad && p.off != len(tc.src) {
			t.Errorf("%q: stopped at %d, want %d", tc.src, p.off, len(tc.src))
		}
		q := &jparser{src: []byte(tc.src)}
		if err := q.skipString(); (err != nil) != tc.bad {
			t.Errorf("%q: skipString error %v, want error %v", tc.src, err, tc.bad)
		}
	}
	// Without escapes a string keeps its bytes (names compare bytewise).
	p := &jparser{src: []byte("\"bad \xff utf8\"")}
	if got, err := p.string(); err != nil || got != "bad \xff utf8" {
		t.Errorf("raw invalid UTF-8: got %q, %v", got, err)
	}
}

// TestPlainPrefix compares the word-at-a-time scan for quotes, backslashes
// and control characters with a byte loop: every
// byte value at every position of buffers of 0 to 19 bytes.
func TestPlainPrefix(t *testing.T) {
	naive := func(b []byte) int {
		k := 0
		for k < len(b) && b[k] >= ' ' && b[k] != '\\' && b[k] != '"' {
			k++
		}
		return k
	}
	for n := 0; n < 20; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := []byte(strings.Repeat("a\x7f\x80\xffZ ", 4)[:n])
				b[pos] = byte(c)
				if got, want := plainPrefix(b), naive(b); got != want {
					t.Fatalf("%q: plainPrefix %d, want %d", b, got, want)
				}
			}
		}
	}
}
