package verilog

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/axmul/axmul/internal/regfile"
)

// Limits of the preprocessor.
const (
	// maxIncludeDepth bounds the nesting of `include.
	maxIncludeDepth = 16
	// maxExpansions bounds the macro expansions of one parse (a macro
	// that uses itself never ends).
	maxExpansions = 1 << 16
	// maxPending bounds the tokens waiting after expansions.
	maxPending = 1 << 20
)

// ptok is a token of a macro body or one pushed back.
type ptok struct {
	pos token.Pos
	tok Token
	lit string
}

// macro is a `define.
type macro struct {
	hasParams bool
	params    []string
	body      []ptok
}

type ifState struct {
	pos           token.Pos
	parent        bool // the enclosing region is active
	active, taken bool
	sawElse       bool
}

type incFrame struct {
	sc  Scanner
	dir string
}

// preState is the preprocessor's state: macros, the conditional stack,
// the include stack and tokens waiting to be read.
type preState struct {
	fset       *token.FileSet
	defines    map[string]string // Options.Defines
	incDirs    []string
	curDir     string
	macros     map[string]*macro
	pending    []ptok
	conds      []ifState
	incs       []incFrame
	expansions int
}

func (p *parser) active() bool {
	n := len(p.pre.conds)
	return n == 0 || p.pre.conds[n-1].active
}

// predefine installs Options.Defines.
func (p *parser) predefine() {
	for name, value := range p.pre.defines {
		fs := token.NewFileSet()
		f := fs.AddFile("<define "+name+">", -1, len(value))
		var s Scanner
		s.Init(f, []byte(value), func(pos token.Position, msg string) { p.errorAt(pos, msg) })
		m := &macro{}
		for {
			pos, tok, lit := s.Scan()
			if tok == EOF {
				break
			}
			m.body = append(m.body, ptok{pos, tok, lit})
		}
		if p.pre.macros == nil {
			p.pre.macros = map[string]*macro{}
		}
		p.pre.macros[name] = m
	}
}

// raw returns the next token before preprocessing: a pending one or the
// scanner's (returning from finished include files).
func (p *parser) raw() (token.Pos, Token, string) {
	for {
		if len(p.pre.pending) > 0 {
			t := p.pre.pending[0]
			p.pre.pending = p.pre.pending[1:]
			return t.pos, t.tok, t.lit
		}
		pos, tok, lit := p.sc.Scan()
		if tok == EOF && len(p.pre.incs) > 0 {
			fr := p.pre.incs[len(p.pre.incs)-1]
			p.pre.incs = p.pre.incs[:len(p.pre.incs)-1]
			p.sc, p.pre.curDir = fr.sc, fr.dir
			continue
		}
		return pos, tok, lit
	}
}

// scan returns the next token after preprocessing.
func (p *parser) scan() (token.Pos, Token, string) {
	for {
		var pos token.Pos
		var tok Token
		var lit string
		if len(p.pre.pending) == 0 && len(p.pre.incs) == 0 {
			// The common case: straight from the scanner.
			pos, tok, lit = p.sc.Scan()
			if len(p.pre.conds) == 0 && tok != DIRECTIVE && tok != MACRO && tok != EOF {
				return pos, tok, lit
			}
		} else {
			pos, tok, lit = p.raw()
		}
		switch tok {
		case DIRECTIVE:
			if p.preproc(pos, lit) {
				continue
			}
		case MACRO:
			if p.active() {
				p.expand(pos, lit)
			}
			continue
		case EOF:
			if n := len(p.pre.conds); n > 0 {
				p.error(p.pre.conds[n-1].pos, "missing `endif")
				p.pre.conds = nil
			}
			return pos, tok, lit
		}
		if !p.active() {
			continue
		}
		return pos, tok, lit
	}
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() (Token, string) {
	pos, tok, lit := p.scan()
	p.pre.pending = append([]ptok{{pos, tok, lit}}, p.pre.pending...)
	return tok, lit
}

// directiveWord splits "`word rest".
func directiveWord(lit string) (string, string) {
	s := strings.TrimPrefix(lit, "`")
	i := 0
	for i < len(s) && isIdentByte(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// preproc handles the preprocessor directives; it reports false for
// directives the parser handles (`timescale, `default_nettype, ...).
func (p *parser) preproc(pos token.Pos, lit string) bool {
	word, rest := directiveWord(lit)
	name := strings.TrimSpace(rest)
	if i := strings.IndexFunc(name, func(r rune) bool { return r == ' ' || r == '\t' }); i >= 0 && word != "define" && word != "include" {
		name = name[:i]
	}
	switch word {
	case "ifdef", "ifndef":
		if name == "" {
			p.errorf(pos, "`%s needs a macro name", word)
		}
		_, def := p.pre.macros[name]
		on := def == (word == "ifdef")
		par := p.active()
		p.pre.conds = append(p.pre.conds, ifState{pos: pos, parent: par, active: par && on, taken: on})
		return true
	case "elsif", "else":
		n := len(p.pre.conds)
		if n == 0 {
			p.errorf(pos, "`%s without `ifdef", word)
			return true
		}
		c := &p.pre.conds[n-1]
		if c.sawElse {
			p.errorf(pos, "`%s after `else", word)
		}
		on := !c.taken
		if word == "elsif" {
			_, def := p.pre.macros[name]
			on = on && def
		} else {
			c.sawElse = true
		}
		c.active = c.parent && on
		c.taken = c.taken || on
		return true
	case "endif":
		n := len(p.pre.conds)
		if n == 0 {
			p.errorf(pos, "`endif without `ifdef")
			return true
		}
		p.pre.conds = p.pre.conds[:n-1]
		return true
	}
	if !p.active() {
		return true
	}
	switch word {
	case "define":
		p.define(pos, lit)
		return true
	case "undef":
		delete(p.pre.macros, name)
		return true
	case "undefineall":
		clear(p.pre.macros)
		return true
	case "include":
		p.include(pos, strings.TrimSpace(rest))
		return true
	case "line", "pragma", "begin_keywords", "end_keywords":
		return true
	}
	return false
}

// define records `define NAME[(params)] body.
func (p *parser) define(pos token.Pos, lit string) {
	off := p.sc.file.Offset(pos)
	end := off + len(lit)
	if end > len(p.sc.src) || p.sc.text[off:end] != lit {
		p.error(pos, "internal: `define text not found in the source")
		return
	}
	i := off + len("`define")
	for i < end && (p.sc.src[i] == ' ' || p.sc.src[i] == '\t') {
		i++
	}
	n0 := i
	for i < end && isIdentByte(p.sc.src[i]) {
		i++
	}
	name := p.sc.text[n0:i]
	if name == "" || !isLetter(name[0]) {
		p.error(pos, "`define needs a macro name")
		return
	}
	m := &macro{}
	if i < end && p.sc.src[i] == '(' {
		m.hasParams = true
		j := strings.IndexByte(p.sc.text[i:end], ')')
		if j < 0 {
			p.errorf(pos, "`define %s: parameter list not closed", name)
			return
		}
		for _, prm := range strings.Split(p.sc.text[i+1:i+j], ",") {
			prm = strings.TrimSpace(prm)
			if prm == "" && j == 1 {
				break
			}
			if prm == "" || strings.ContainsAny(prm, "= \t") {
				p.errorf(pos, "`define %s: unsupported parameter %q", name, prm)
				return
			}
			m.params = append(m.params, prm)
		}
		i += j + 1
	}
	// The body, in segments between line continuations.
	for seg := i; seg < end; {
		segEnd := end
		if k := strings.Index(p.sc.text[seg:end], "\\\n"); k >= 0 {
			segEnd = seg + k
		}
		if k := strings.Index(p.sc.text[seg:segEnd], "\\\r\n"); k >= 0 {
			segEnd = seg + k
		}
		sub := Scanner{file: p.sc.file, src: p.sc.src[:segEnd], text: p.sc.text[:segEnd], err: p.sc.err, off: seg, lineOff: segEnd}
		for {
			tpos, tok, tlit := sub.Scan()
			if tok == EOF {
				break
			}
			if tok == DIRECTIVE {
				p.errorf(tpos, "directive inside the body of macro %s", name)
				continue
			}
			m.body = append(m.body, ptok{tpos, tok, tlit})
		}
		seg = segEnd
		for seg < end && (p.sc.src[seg] == '\\' || p.sc.src[seg] == '\r' || p.sc.src[seg] == '\n') {
			seg++
		}
	}
	if p.pre.macros == nil {
		p.pre.macros = map[string]*macro{}
	}
	p.pre.macros[name] = m
}

// expand replaces the use of a macro by its body.
func (p *parser) expand(pos token.Pos, lit string) {
	name := lit[1:]
	m, ok := p.pre.macros[name]
	if !ok {
		p.errorf(pos, "undefined macro `%s", name)
		return
	}
	p.pre.expansions++
	if p.pre.expansions > maxExpansions || len(p.pre.pending) > maxPending {
		p.errorf(pos, "too many macro expansions (limit %d; does `%s use itself?)", maxExpansions, name)
		p.bailed = true
		return
	}
	var out []ptok
	if !m.hasParams {
		out = make([]ptok, len(m.body))
		for i, t := range m.body {
			out[i] = ptok{pos, t.tok, t.lit}
		}
	} else {
		args, ok := p.macroArgs(pos, name)
		if !ok {
			return
		}
		if len(args) != len(m.params) && !(len(m.params) == 0 && len(args) == 1 && len(args[0]) == 0) {
			p.errorf(pos, "macro `%s takes %d arguments, not %d", name, len(m.params), len(args))
			return
		}
		for _, t := range m.body {
			k := -1
			if t.tok == IDENT {
				for j, prm := range m.params {
					if prm == t.lit {
						k = j
					}
				}
			}
			if k >= 0 {
				out = append(out, args[k]...)
				continue
			}
			out = append(out, ptok{pos, t.tok, t.lit})
		}
	}
	p.pre.pending = append(out, p.pre.pending...)
}

// macroArgs reads (a, b, ...) after a macro name.
func (p *parser) macroArgs(pos token.Pos, name string) ([][]ptok, bool) {
	_, tok, _ := p.raw()
	if tok != LPAREN {
		p.errorf(pos, "macro `%s needs arguments in parentheses", name)
		return nil, false
	}
	var args [][]ptok
	var cur []ptok
	depth := 0
	for {
		tpos, tok, lit := p.raw()
		switch tok {
		case EOF:
			p.errorf(pos, "arguments of macro `%s not closed", name)
			return nil, false
		case LPAREN, LBRACK, LBRACE:
			depth++
		case RBRACK, RBRACE:
			depth--
		case RPAREN:
			if depth == 0 {
				return append(args, cur), true
			}
			depth--
		case COMMA:
			if depth == 0 {
				args = append(args, cur)
				cur = nil
				continue
			}
		}
		cur = append(cur, ptok{tpos, tok, lit})
		if len(cur) > maxPending {
			p.errorf(pos, "arguments of macro `%s too long", name)
			return nil, false
		}
	}
}

// include reads `include "file", searched in the including file's folder
// and then in the include folders.
func (p *parser) include(pos token.Pos, arg string) {
	if len(arg) < 2 || arg[0] != '"' || !strings.HasSuffix(arg, "\"") {
		p.errorf(pos, "`include needs a quoted file name")
		return
	}
	name := arg[1 : len(arg)-1]
	if len(p.pre.incs) >= maxIncludeDepth {
		p.errorf(pos, "`include nested deeper than %d", maxIncludeDepth)
		return
	}
	var tried []string
	dirs := append([]string{p.pre.curDir}, p.pre.incDirs...)
	if filepath.IsAbs(name) {
		dirs = []string{""}
	}
	for _, d := range dirs {
		path := filepath.Join(d, name)
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			tried = append(tried, path)
			continue
		}
		if st.Size() > MaxSourceSize {
			p.errorf(pos, "include file %s too large (%d bytes, limit %d)", path, st.Size(), MaxSourceSize)
			return
		}
		src, err := regfile.ReadFile(path) // a FIFO is refused, not waited on
		if err != nil {
			p.errorf(pos, "`include: %v", err)
			return
		}
		if p.pre.fset == nil {
			p.error(pos, "`include is not available here")
			return
		}
		f := p.pre.fset.AddFile(path, -1, len(src))
		p.pre.incs = append(p.pre.incs, incFrame{sc: p.sc, dir: p.pre.curDir})
		p.sc = Scanner{}
		p.sc.Init(f, src, p.pre.incs[len(p.pre.incs)-1].sc.err)
		p.pre.curDir = filepath.Dir(path)
		return
	}
	p.errorf(pos, "cannot find include file %s (searched %s)", name, strings.Join(tried, ", "))
}
