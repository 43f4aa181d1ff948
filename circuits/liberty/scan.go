package liberty

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
)

// Error is one problem found while reading a Liberty file, at a position
// "file:line:col" (1-based line and byte column).
type Error struct {
	Pos token.Position
	Msg string
}

// Error formats the problem as "file:line:col: msg".
func (e *Error) Error() string {
	if !e.Pos.IsValid() && e.Pos.Filename == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// maxErrors caps the number of errors one Parse reports.
const maxErrors = 10

// ErrorList is the list of problems Parse and ParseFile return, sorted by
// position; it implements error and prints one problem per line.
type ErrorList []*Error

// Error joins the problems, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the individual problems, so that errors.As finds an *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokWord           // unquoted name or number
	tokString         // quoted string; text is the content without quotes
	tokLBrace         // {
	tokRBrace         // }
	tokLParen         // (
	tokRParen         // )
	tokColon          // :
	tokSemi           // ;
	tokComma          // ,
)

func (k tokKind) String() string {
	return [...]string{"end of file", "word", "string", `"{"`, `"}"`, `"("`, `")"`, `":"`, `";"`, `","`}[k]
}

type tok struct {
	kind tokKind
	text string
	pos  token.Position
	nl   bool // a newline (not escaped by a backslash) precedes the token
	bad  bool // an unterminated string
}

func (t tok) describe() string {
	switch t.kind {
	case tokWord:
		return fmt.Sprintf("%q", t.text)
	case tokString:
		return fmt.Sprintf("string %q", abbrev(t.text))
	}
	return t.kind.String()
}

func abbrev(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// scanner splits Liberty source into tokens. It never panics; problems go to
// the err callback and scanning continues.
type scanner struct {
	filename string
	src      []byte
	off      int
	line     int
	lineOff  int // offset of the first byte of the current line
	err      func(pos token.Position, msg string)
}

func (s *scanner) posAt(off int) token.Position {
	return token.Position{Filename: s.filename, Offset: off, Line: s.line, Column: off - s.lineOff + 1}
}

// newline records that the byte at off is '\n'.
func (s *scanner) newline(off int) {
	s.line++
	s.lineOff = off + 1
}

func isWordByte(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '{', '}', '(', ')', ':', ';', ',', '"', '\\':
		return false
	}
	return true
}

// next returns the next token, skipping whitespace, comments and
// backslash-newline continuations.
func (s *scanner) next() tok {
	nl := false
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '\n':
			s.newline(s.off)
			s.off++
			nl = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '\\':
			// Line continuation: backslash, optional blanks, newline.
			j := s.off + 1
			for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t' || s.src[j] == '\r') {
				j++
			}
			if j < len(s.src) && s.src[j] == '\n' {
				s.newline(j)
				s.off = j + 1
				continue
			}
			if j >= len(s.src) {
				s.off = j
				continue
			}
			s.err(s.posAt(s.off), "stray backslash (only allowed before a line break)")
			s.off++
		case c == '/' && s.off+1 < len(s.src) && s.src[s.off+1] == '*':
			start := s.posAt(s.off)
			end := -1
			for j := s.off + 2; j+1 < len(s.src); j++ {
				if s.src[j] == '*' && s.src[j+1] == '/' {
					end = j + 2
					break
				}
			}
			if end < 0 {
				end = len(s.src)
				s.err(start, "comment not terminated")
			}
			for j := s.off; j < end; j++ {
				if s.src[j] == '\n' {
					s.newline(j)
					nl = true
				}
			}
			s.off = end
		case c == '/' && s.off+1 < len(s.src) && s.src[s.off+1] == '/':
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		default:
			return s.token(nl)
		}
	}
	return tok{kind: tokEOF, pos: s.posAt(s.off), nl: nl}
}

func (s *scanner) token(nl bool) tok {
	pos := s.posAt(s.off)
	c := s.src[s.off]
	k := tokEOF
	switch c {
	case '{':
		k = tokLBrace
	case '}':
		k = tokRBrace
	case '(':
		k = tokLParen
	case ')':
		k = tokRParen
	case ':':
		k = tokColon
	case ';':
		k = tokSemi
	case ',':
		k = tokComma
	}
	if k != tokEOF {
		s.off++
		return tok{kind: k, text: string(c), pos: pos, nl: nl}
	}
	if c == '"' {
		return s.str(pos, nl)
	}
	start := s.off
	for s.off < len(s.src) && isWordByte(s.src[s.off]) {
		if s.src[s.off] == '/' && s.off+1 < len(s.src) && (s.src[s.off+1] == '*' || s.src[s.off+1] == '/') {
			break
		}
		s.off++
	}
	return tok{kind: tokWord, text: string(s.src[start:s.off]), pos: pos, nl: nl}
}

// str scans a quoted string. Inside it, backslash-newline is removed and \"
// and \\ stand for " and \; newlines are allowed.
func (s *scanner) str(pos token.Position, nl bool) tok {
	// Fast path: no backslash and no line break before the closing quote.
	for k := s.off + 1; k < len(s.src); k++ {
		c := s.src[k]
		if c == '"' {
			t := tok{kind: tokString, text: string(s.src[s.off+1 : k]), pos: pos, nl: nl}
			s.off = k + 1
			return t
		}
		if c == '\\' || c == '\n' {
			break
		}
	}
	var b strings.Builder
	j := s.off + 1
	for j < len(s.src) {
		c := s.src[j]
		switch c {
		case '"':
			s.off = j + 1
			return tok{kind: tokString, text: b.String(), pos: pos, nl: nl}
		case '\\':
			k := j + 1
			for k < len(s.src) && (s.src[k] == ' ' || s.src[k] == '\t' || s.src[k] == '\r') {
				k++
			}
			if k < len(s.src) && s.src[k] == '\n' {
				s.newline(k)
				j = k + 1
				continue
			}
			if j+1 < len(s.src) && (s.src[j+1] == '"' || s.src[j+1] == '\\') {
				b.WriteByte(s.src[j+1])
				j += 2
				continue
			}
			b.WriteByte(c)
			j++
		case '\n':
			s.newline(j)
			b.WriteByte(c)
			j++
		default:
			b.WriteByte(c)
			j++
		}
	}
	s.off = len(s.src)
	s.err(pos, "string not terminated")
	return tok{kind: tokString, text: b.String(), pos: pos, nl: nl, bad: true}
}
