package liberty

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

// TestScanTokens checks the token stream (kind, text, line:col, preceding
// newline) of small sources.
func TestScanTokens(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // tokens separated by " | ": kind text line:col [nl]
	}{
		{"punctuation", `a(b){c:1;d(2,"x");}`,
			`word a 1:1 | ( 1:2 | word b 1:3 | ) 1:4 | { 1:5 | word c 1:6 | : 1:7 | word 1 1:8 | ; 1:9 | word d 1:10 | ( 1:11 | word 2 1:12 | , 1:13 | string x 1:14 | ) 1:17 | ; 1:18 | } 1:19`},
		{"comments and newlines", "a /* x\ny */ b // z\nc",
			`word a 1:1 | word b 2:6 nl | word c 3:1 nl`},
		{"continuation is not a newline", "a \\\n b",
			`word a 1:1 | word b 2:2`},
		{"continuation with trailing blanks and CRLF", "a \\  \r\n b",
			`word a 1:1 | word b 2:2`},
		{"string with continuation and escapes", "\"1, 2\\\n3 \\\"q\\\" \\\\\" z",
			`string 1, 23 "q" \ 1:1 | word z 2:13`},
		{"multi-line string", "\"a\nb\" c",
			"string a\nb 1:1 | word c 2:4"},
		{"numbers and units", "-1.5e-3 1ns 0.0",
			`word -1.5e-3 1:1 | word 1ns 1:9 | word 0.0 1:13`},
		{"slash inside word", "a/b a//c",
			`word a/b 1:1 | word a 1:5`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs []string
			s := scanner{filename: "x", src: []byte(tc.src), line: 1,
				err: func(pos token.Position, msg string) { errs = append(errs, msg) }}
			var got []string
			for tk := s.next(); tk.kind != tokEOF; tk = s.next() {
				e := fmt.Sprintf("%d:%d", tk.pos.Line, tk.pos.Column)
				switch tk.kind {
				case tokWord:
					e = "word " + tk.text + " " + e
				case tokString:
					e = "string " + tk.text + " " + e
				default:
					e = tk.text + " " + e
				}
				if tk.nl {
					e += " nl"
				}
				got = append(got, e)
			}
			if g := strings.Join(got, " | "); g != tc.want {
				t.Errorf("tokens\n got %s\nwant %s", g, tc.want)
			}
			if len(errs) > 0 {
				t.Errorf("errors %v", errs)
			}
		})
	}
}
