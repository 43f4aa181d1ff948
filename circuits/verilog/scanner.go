package verilog

import (
	"bytes"
	"fmt"
	"go/token"
)

// An ErrorHandler receives the scanner's errors: the position and a message.
type ErrorHandler func(pos token.Position, msg string)

// Scanner tokenizes Verilog source. It never panics: malformed input yields
// ILLEGAL tokens and calls to the error handler. Comments, attributes
// (* ... *) and white space are skipped.
type Scanner struct {
	file *token.File
	src  []byte
	text string // src as a string: token texts are substrings of it
	err  ErrorHandler

	off        int // offset of the next unread byte
	lineOff    int // offset of the current line start, for AddLine
	ErrorCount int // number of errors reported
}

// Init prepares s to scan src, whose size must equal file.Size(). Line
// information is added to file as scanning proceeds.
func (s *Scanner) Init(file *token.File, src []byte, err ErrorHandler) {
	if file.Size() != len(src) {
		panic(fmt.Sprintf("verilog: file size (%d) does not match src len (%d)", file.Size(), len(src)))
	}
	s.file = file
	s.src = src
	s.text = string(src)
	s.err = err
	s.off = 0
	s.lineOff = 0
	s.ErrorCount = 0
}

func (s *Scanner) error(off int, msg string) {
	if s.err != nil {
		s.err(s.file.Position(s.file.Pos(off)), msg)
	}
	s.ErrorCount++
}

func (s *Scanner) newline(off int) {
	// off is the offset of the '\n'; the next line starts after it.
	if off+1 <= len(s.src) && off+1 > s.lineOff {
		s.file.AddLine(off + 1)
		s.lineOff = off + 1
	}
}

func (s *Scanner) peek(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isIdentByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '$'
}
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skip skips white space, comments and attributes.
func (s *Scanner) skip() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '\n':
			s.newline(s.off)
			s.off++
		case isSpace(c):
			s.off++
		case c == '/' && s.peek(1) == '/':
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		case c == '/' && s.peek(1) == '*':
			start := s.off
			s.off += 2
			if !s.skipUntilStarSlash(false) {
				s.error(start, "comment not terminated")
			}
		case c == '(' && s.peek(1) == '*' && s.peek(2) != ')':
			start := s.off
			s.off += 2
			if !s.skipUntilStarSlash(true) {
				s.error(start, "attribute not terminated")
			}
		default:
			return
		}
	}
}

// skipUntilStarSlash skips to after "*/" (or "*)" for attributes),
// recording the line starts it passes.
func (s *Scanner) skipUntilStarSlash(attr bool) bool {
	end := byte('/')
	if attr {
		end = ')'
	}
	for s.off < len(s.src) {
		j := bytes.IndexByte(s.src[s.off:], '*')
		if j < 0 {
			j = len(s.src) - s.off
		}
		seg := s.src[s.off : s.off+j]
		for k := 0; ; {
			n := bytes.IndexByte(seg[k:], '\n')
			if n < 0 {
				break
			}
			k += n
			s.newline(s.off + k)
			k++
		}
		s.off += j
		if s.off >= len(s.src) {
			break
		}
		if s.peek(1) == end {
			s.off += 2
			return true
		}
		s.off++
	}
	return false
}

// Scan returns the next token, its position and its text (the literal for
// IDENT, SYSIDENT, NUMBER, BASED, STRING and DIRECTIVE; the spelling for
// the others). At the end of the source it returns EOF.
func (s *Scanner) Scan() (pos token.Pos, tok Token, lit string) {
	s.skip()
	start := s.off
	pos = s.file.Pos(start)
	if s.off >= len(s.src) {
		return pos, EOF, ""
	}
	c := s.src[s.off]
	switch {
	case isLetter(c):
		for s.off < len(s.src) && isIdentByte(s.src[s.off]) {
			s.off++
		}
		lit = s.text[start:s.off]
		return pos, Lookup(lit), lit
	case c == '\\':
		// Escaped identifier: up to white space, without the backslash.
		s.off++
		for s.off < len(s.src) && !isSpace(s.src[s.off]) {
			s.off++
		}
		if s.off == start+1 {
			s.error(start, "empty escaped identifier")
			return pos, ILLEGAL, "\\"
		}
		return pos, IDENT, s.text[start+1 : s.off]
	case c == '$':
		s.off++
		for s.off < len(s.src) && isIdentByte(s.src[s.off]) {
			s.off++
		}
		lit = s.text[start:s.off]
		if len(lit) == 1 {
			s.error(start, "invalid system identifier $")
			return pos, ILLEGAL, lit
		}
		return pos, SYSIDENT, lit
	case isDigit(c):
		for s.off < len(s.src) && (isDigit(s.src[s.off]) || s.src[s.off] == '_') {
			s.off++
		}
		if s.off < len(s.src) && (s.src[s.off] == '.' && isDigit(s.peek(1)) || s.src[s.off] == 'e' || s.src[s.off] == 'E') {
			s.error(start, "real numbers are not supported")
			for s.off < len(s.src) && (isIdentByte(s.src[s.off]) || s.src[s.off] == '.') {
				s.off++
			}
			return pos, ILLEGAL, s.text[start:s.off]
		}
		return pos, NUMBER, s.text[start:s.off]
	case c == '\'':
		return s.based(start)
	case c == '"':
		s.off++
		for s.off < len(s.src) && s.src[s.off] != '"' && s.src[s.off] != '\n' {
			if s.src[s.off] == '\\' {
				s.off++
			}
			s.off++
		}
		if s.off >= len(s.src) || s.src[s.off] != '"' {
			s.error(start, "string literal not terminated")
			return pos, ILLEGAL, s.text[start:min(s.off, len(s.src))]
		}
		s.off++
		return pos, STRING, s.text[start:s.off]
	case c == '`':
		// A directive takes its line; any other `NAME is a macro use.
		s.off++
		for s.off < len(s.src) && isIdentByte(s.src[s.off]) {
			s.off++
		}
		word := s.text[start+1 : s.off]
		if !isLineDirective(word) {
			if word == "" {
				s.error(start, "` without a directive or macro name")
				return pos, ILLEGAL, "`"
			}
			return pos, MACRO, s.text[start:s.off]
		}
		switch word {
		case "else", "endif", "undefineall", "celldefine", "endcelldefine", "resetall", "end_keywords":
			// These take no argument: code may follow on the line.
			return pos, DIRECTIVE, s.text[start:s.off]
		case "ifdef", "ifndef", "elsif", "undef":
			for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
				s.off++
			}
			for s.off < len(s.src) && isIdentByte(s.src[s.off]) {
				s.off++
			}
			return pos, DIRECTIVE, s.text[start:s.off]
		}
		for s.off < len(s.src) && s.src[s.off] != '\n' {
			if word == "define" && s.src[s.off] == '\\' && s.peek(1) == '\n' {
				// A continued macro body.
				s.newline(s.off + 1)
				s.off += 2
				continue
			}
			if word == "define" && s.src[s.off] == '\\' && s.peek(1) == '\r' && s.peek(2) == '\n' {
				s.newline(s.off + 2)
				s.off += 3
				continue
			}
			s.off++
		}
		// A // comment may end the directive line.
		text := s.src[start:s.off]
		for i := 0; i+1 < len(text); i++ {
			if text[i] == '/' && text[i+1] == '/' {
				text = text[:i]
				break
			}
		}
		return pos, DIRECTIVE, string(text)
	}
	s.off++
	tok = ILLEGAL
	switch c {
	case '(':
		tok = LPAREN
	case ')':
		tok = RPAREN
	case '[':
		tok = LBRACK
	case ']':
		tok = RBRACK
	case '{':
		tok = LBRACE
	case '}':
		tok = RBRACE
	case ',':
		tok = COMMA
	case ';':
		tok = SEMI
	case ':':
		tok = COLON
	case '.':
		tok = PERIOD
	case '#':
		tok = HASH
	case '@':
		tok = AT
	case '?':
		tok = QUEST
	case '=':
		tok = s.choose(ASSIGNOP, '=', EQL)
		if tok == EQL {
			tok = s.choose(EQL, '=', CEQ)
		}
	case '+':
		tok = s.choose(ADD, ':', PLUSCOL)
	case '-':
		tok = s.choose(SUB, ':', MINUSCOL)
	case '~':
		switch s.peek(0) {
		case '&':
			s.off++
			tok = NAND
		case '|':
			s.off++
			tok = NOR
		case '^':
			s.off++
			tok = XNOR
		default:
			tok = TILDE
		}
	case '!':
		tok = s.choose(NOT, '=', NEQ)
		if tok == NEQ {
			tok = s.choose(NEQ, '=', CNE)
		}
	case '&':
		tok = s.choose(AND, '&', LAND)
	case '|':
		tok = s.choose(OR, '|', LOR)
	case '^':
		tok = s.choose(XOR, '~', XNOR)
	case '*':
		tok = s.choose(MUL, '*', POW)
	case '/':
		tok = DIV
	case '%':
		tok = MOD
	case '<':
		switch {
		case s.peek(0) == '<' && s.peek(1) == '<':
			s.off += 2
			tok = ASHL
		case s.peek(0) == '<':
			s.off++
			tok = SHL
		default:
			tok = s.choose(LSS, '=', LEQ)
		}
	case '>':
		switch {
		case s.peek(0) == '>' && s.peek(1) == '>':
			s.off += 2
			tok = ASHR
		case s.peek(0) == '>':
			s.off++
			tok = SHR
		default:
			tok = s.choose(GTR, '=', GEQ)
		}
	}
	lit = s.text[start:s.off]
	if tok == ILLEGAL {
		if c >= 0x80 {
			s.error(start, fmt.Sprintf("invalid character %#x (only ASCII is accepted)", c))
		} else {
			s.error(start, fmt.Sprintf("invalid character %q", c))
		}
	}
	return pos, tok, lit
}

func (s *Scanner) choose(t Token, next byte, t2 Token) Token {
	if s.peek(0) == next {
		s.off++
		return t2
	}
	return t
}

// based scans a based literal starting at the apostrophe: 's?[bodh] digits,
// with optional white space between base and digits.
func (s *Scanner) based(start int) (token.Pos, Token, string) {
	pos := s.file.Pos(start)
	s.off++ // '
	signed := false
	if c := s.peek(0); c == 's' || c == 'S' {
		signed = true
		s.off++
	}
	base := s.peek(0)
	if (base == '0' || base == '1') && !signed && !isIdentByte(s.peek(1)) {
		// SystemVerilog fill literal '0 or '1.
		s.off++
		return pos, BASED, s.text[start:s.off]
	}
	baseAt := s.off
	switch base {
	case 'b', 'B', 'o', 'O', 'd', 'D', 'h', 'H':
		s.off++
	default:
		s.error(start, "based literal needs a base b, o, d or h after '")
		return pos, ILLEGAL, s.normalBased(signed, 0, "")
	}
	for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
		s.off++
	}
	d0 := s.off
	for s.off < len(s.src) && (isIdentByte(s.src[s.off]) || s.src[s.off] == '?') {
		s.off++
	}
	if s.off == d0 {
		s.error(start, "based literal has no digits")
		return pos, ILLEGAL, s.normalBased(signed, base|0x20, "")
	}
	// Normal form: ', then s and the base in lower case, then the digits
	// without white space before them.
	if (!signed || s.src[start+1] == 's') && base == base|0x20 && d0 == baseAt+1 {
		return pos, BASED, s.text[start:s.off] // already in normal form
	}
	return pos, BASED, s.normalBased(signed, base|0x20, s.text[d0:s.off])
}

// normalBased spells a based literal's token in normal form: ', s when
// signed, the base (0: none yet) and the digits.
func (s *Scanner) normalBased(signed bool, base byte, digits string) string {
	lit := []byte{'\''}
	if signed {
		lit = append(lit, 's')
	}
	if base != 0 {
		lit = append(lit, base)
	}
	return string(append(lit, digits...))
}

// isLineDirective reports whether `word is a compiler directive that takes
// the rest of its line (for `define, the continued lines too).
func isLineDirective(word string) bool {
	switch word {
	case "define", "undef", "undefineall", "ifdef", "ifndef", "elsif", "else", "endif", "include",
		"timescale", "celldefine", "endcelldefine", "resetall", "default_nettype",
		"nounconnected_drive", "unconnected_drive", "line", "pragma", "begin_keywords", "end_keywords":
		return true
	}
	return false
}
