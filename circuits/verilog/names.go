package verilog

import (
	"go/token"
	"strconv"
)

// Net names and gate positions are only needed for messages and for the
// nets that survive into the netlist, so elaboration records where they
// come from and spells them out once, at the end (or for an error).

// instPath is one level of the instance hierarchy: the prefix of names
// inside it is the parent's prefix, then name, then ".".
type instPath struct {
	parent int32 // index in elab.paths, -1 for the top
	name   string
	prefix string // spelled out on first use
	done   bool
}

// nameSrc names the bits of one declared net (or one literal name):
// bit i is prefix + name + "[idx]" with idx = lsb+i (lsb-i when desc),
// or prefix + name when not ranged.
type nameSrc struct {
	path   int32 // index in elab.paths, -1 for no prefix
	name   string
	ranged bool
	desc   bool
	lsb    int
}

// nameRef is the name of one net: bit of elab.srcs[src-1], or no name
// when src is 0.
type nameRef struct {
	src, bit int32
}

// addPath records instance name below path parent and returns its index.
func (e *elab) addPath(parent int32, name string) int32 {
	e.paths = append(e.paths, instPath{parent: parent, name: name})
	return int32(len(e.paths) - 1)
}

// prefix spells out the name prefix of path p ("" for the top).
func (e *elab) prefix(p int32) string {
	if p < 0 {
		return ""
	}
	ip := &e.paths[p]
	if !ip.done {
		s := e.prefix(ip.parent) + ip.name + "."
		ip = &e.paths[p] // the recursion does not grow paths, but stay safe
		ip.prefix, ip.done = s, true
	}
	return ip.prefix
}

// addSrc records a name source and returns its reference for bit 0.
func (e *elab) addSrc(s nameSrc) nameRef {
	e.srcs = append(e.srcs, s)
	return nameRef{src: int32(len(e.srcs))}
}

// literalName returns a reference to the name s, without prefix.
func (e *elab) literalName(s string) nameRef {
	return e.addSrc(nameSrc{path: -1, name: s})
}

// appendNetName appends the name of net n as circuits.Netlist.NetName
// would print it had the name been stored: the unnamed print as n<id>.
func (e *elab) appendNetName(b []byte, n val) []byte {
	r := e.names[n]
	if r.src == 0 {
		b = append(b, 'n')
		return strconv.AppendInt(b, int64(n), 10)
	}
	s := &e.srcs[r.src-1]
	b = append(b, e.prefix(s.path)...)
	b = append(b, s.name...)
	if s.ranged {
		idx := s.lsb + int(r.bit)
		if s.desc {
			idx = s.lsb - int(r.bit)
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(idx), 10)
		b = append(b, ']')
	}
	return b
}

// netName returns the printable name of net n (for messages).
func (e *elab) netName(n val) string {
	return string(e.appendNetName(nil, n))
}

// appendPosition appends p as token.Position.String formats it.
func appendPosition(b []byte, p token.Position) []byte {
	if !p.IsValid() {
		return append(b, p.String()...)
	}
	if p.Filename != "" {
		b = append(b, p.Filename...)
		b = append(b, ':')
	}
	b = strconv.AppendInt(b, int64(p.Line), 10)
	if p.Column != 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Column), 10)
	}
	return b
}

// spellOut sets the names of the nets ids (the netlist's NetNames, in
// order) and the positions of all gates from the recorded sources, with
// one allocation for all the text.
func (e *elab) spellOut(ids []val) {
	nl := e.nl
	// Names are short; positions repeat the file name, once per run of
	// gates from one source position (one or a few gates per run).
	buf := reuse(e.s.text, 10*len(ids)+(len(nl.File)+10)*len(nl.Gates)/2)
	ends := reuse(e.s.ends, len(ids)+2*len(nl.Gates))
	defer func() { e.s.text, e.s.ends = buf, ends }()
	for _, id := range ids {
		buf = e.appendNetName(buf, id)
		ends = append(ends, len(buf))
	}
	// Gates come in runs sharing a position; look positions up once per run.
	last := token.NoPos
	lastLo, lastHi := 0, 0
	for gi := range nl.Gates {
		p := e.gatePos[gi]
		if p != last || gi == 0 {
			last = p
			lastLo = len(buf)
			if p.IsValid() {
				buf = appendPosition(buf, e.fset.Position(p))
			}
			lastHi = len(buf)
		}
		ends = append(ends, lastLo, lastHi)
	}
	text := string(buf)
	names := make([]string, len(ids))
	lo := 0
	for i := range ids {
		names[i] = text[lo:ends[i]]
		lo = ends[i]
	}
	nl.NetNames = names
	pos := ends[len(ids):]
	for gi := range nl.Gates {
		nl.Gates[gi].Pos = text[pos[2*gi]:pos[2*gi+1]]
	}
}
