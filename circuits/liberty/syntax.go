package liberty

import (
	"fmt"
	"go/token"
)

// Limits against hostile input.
const (
	// MaxFileSize is the largest Liberty source Parse accepts, in bytes.
	MaxFileSize = 1 << 30
	// maxDepth is the deepest group nesting Parse accepts (real libraries
	// nest about five deep: library, cell, pin, timing, table).
	maxDepth = 64
)

type stmtKind uint8

const (
	stmtSimple  stmtKind = iota // name : value ;
	stmtComplex                 // name ( args ) ;
	stmtGroup                   // name ( args ) { body }
)

// value is one value of a simple attribute or one argument of a complex
// attribute or group header.
type value struct {
	text   string
	quoted bool
	bad    bool // an unterminated string, already reported
	pos    token.Position
}

// stmt is one statement of the generic Liberty syntax tree.
type stmt struct {
	kind   stmtKind
	name   string
	pos    token.Position
	values []value // simple: the values after ':'; complex and group: the arguments
	body   []*stmt // group only
}

// syntaxParser builds the generic syntax tree: Liberty's grammar does not
// depend on the names of groups and attributes, so unknown ones are checked
// like known ones.
type syntaxParser struct {
	sc   scanner
	tok  tok
	errs *errSink
}

// errSink collects errors up to maxErrors.
type errSink struct {
	list ErrorList
	more int // errors dropped, or stops, after the cap
}

func (e *errSink) add(pos token.Position, format string, args ...any) {
	if len(e.list) >= maxErrors {
		e.more++
		return
	}
	e.list = append(e.list, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (e *errSink) full() bool { return len(e.list) >= maxErrors }

func (e *errSink) err() error {
	if len(e.list) == 0 {
		return nil
	}
	e.list.sort()
	l := e.list
	if e.more > 0 {
		last := l[len(l)-1]
		l = append(l[:len(l):len(l)], &Error{Pos: last.Pos, Msg: "too many errors; stopped"})
	}
	return l
}

func (p *syntaxParser) next() { p.tok = p.sc.next() }

// parseFile parses the whole source into top-level statements.
func (p *syntaxParser) parseFile() []*stmt {
	p.next()
	var out []*stmt
	for p.tok.kind != tokEOF {
		if p.errs.full() {
			p.errs.more++
			break
		}
		if p.tok.kind == tokRBrace {
			p.errs.add(p.tok.pos, "unexpected \"}\" (no group open)")
			p.next()
			continue
		}
		if s := p.parseStmt(1); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// parseStmt parses one statement at group depth depth; it returns nil after
// an error, having skipped to the end of the statement.
func (p *syntaxParser) parseStmt(depth int) *stmt {
	if p.tok.kind != tokWord {
		p.errs.add(p.tok.pos, "expected attribute or group name, found %s", p.tok.describe())
		p.sync()
		return nil
	}
	s := &stmt{name: p.tok.text, pos: p.tok.pos}
	p.next()
	switch p.tok.kind {
	case tokColon:
		s.kind = stmtSimple
		p.next()
		for (p.tok.kind == tokWord || p.tok.kind == tokString) && (len(s.values) == 0 || !p.tok.nl) {
			s.values = append(s.values, value{text: p.tok.text, quoted: p.tok.kind == tokString, bad: p.tok.bad, pos: p.tok.pos})
			p.next()
		}
		if len(s.values) == 0 {
			p.errs.add(p.tok.pos, "expected value of attribute %s, found %s", s.name, p.tok.describe())
			p.sync()
			return nil
		}
		if !p.endStmt(s) {
			return nil
		}
		return s
	case tokLParen:
		p.next()
		for p.tok.kind != tokRParen {
			switch p.tok.kind {
			case tokWord, tokString:
				s.values = append(s.values, value{text: p.tok.text, quoted: p.tok.kind == tokString, bad: p.tok.bad, pos: p.tok.pos})
				p.next()
			case tokComma:
				p.next()
			default:
				p.errs.add(p.tok.pos, "expected value or \")\" in %s(...), found %s", s.name, p.tok.describe())
				p.sync()
				return nil
			}
		}
		p.next()
		if p.tok.kind == tokLBrace {
			s.kind = stmtGroup
			open := p.tok.pos
			if depth >= maxDepth {
				p.errs.add(open, "groups nested deeper than %d", maxDepth)
				p.skipBlock()
				return nil
			}
			p.next()
			for p.tok.kind != tokRBrace {
				if p.tok.kind == tokEOF {
					p.errs.add(p.tok.pos, "missing \"}\" to close group %s opened at line %d col %d", s.name, open.Line, open.Column)
					return s
				}
				if p.errs.full() {
					p.errs.more++
					return s
				}
				if c := p.parseStmt(depth + 1); c != nil {
					s.body = append(s.body, c)
				}
			}
			p.next()
			if p.tok.kind == tokSemi { // tolerated: "group () { } ;"
				p.next()
			}
			return s
		}
		s.kind = stmtComplex
		if !p.endStmt(s) {
			return nil
		}
		return s
	}
	p.errs.add(p.tok.pos, "expected \":\" or \"(\" after %s, found %s", s.name, p.tok.describe())
	p.sync()
	return nil
}

// endStmt consumes the ";" that ends an attribute. A missing ";" is
// tolerated before a line break, a "}" or the end of the file, as many
// Liberty tools do.
func (p *syntaxParser) endStmt(s *stmt) bool {
	switch {
	case p.tok.kind == tokSemi:
		p.next()
		return true
	case p.tok.nl || p.tok.kind == tokRBrace || p.tok.kind == tokEOF:
		return true
	}
	p.errs.add(p.tok.pos, "expected \";\" after attribute %s, found %s", s.name, p.tok.describe())
	p.sync()
	return false
}

// sync skips to the end of the current statement: past the next ";" or up to
// the next "}" of the enclosing group, skipping nested blocks.
func (p *syntaxParser) sync() {
	for {
		switch p.tok.kind {
		case tokEOF, tokRBrace:
			return
		case tokSemi:
			p.next()
			return
		case tokLBrace:
			p.skipBlock()
			return
		}
		p.next()
	}
}

// skipBlock skips a balanced { ... } block starting at the current "{",
// without recursion.
func (p *syntaxParser) skipBlock() {
	level := 0
	for {
		switch p.tok.kind {
		case tokEOF:
			return
		case tokLBrace:
			level++
		case tokRBrace:
			level--
			if level <= 0 {
				p.next()
				return
			}
		}
		p.next()
	}
}
