package verilog

import (
	"fmt"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// MaxErrors is the number of errors an ErrorList prints; parsing gives up
// after collecting this many syntax errors.
const MaxErrors = 10

// Error is one syntax or elaboration error at a source position.
type Error struct {
	Pos token.Position
	Msg string
}

// Error formats the error as "file:line:col: msg".
func (e *Error) Error() string {
	if e.Pos.Filename != "" || e.Pos.IsValid() {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Msg
}

// ErrorList is a list of errors sorted by position, at most one per line.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(pos token.Position, msg string) {
	*l = append(*l, &Error{Pos: pos, Msg: msg})
}

// Len, Swap and Less implement sort.Interface by file, line, column.
func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}

// Sort sorts the list by position, keeping the order of errors reported
// at the same position.
func (l ErrorList) Sort() { sort.Stable(l) }

// RemoveMultiples sorts the list and keeps the first error of each line.
func (l *ErrorList) RemoveMultiples() {
	l.Sort()
	var last token.Position
	out := (*l)[:0]
	for i, e := range *l {
		if i > 0 && e.Pos.Filename == last.Filename && e.Pos.Line == last.Line && e.Pos.Line != 0 {
			continue
		}
		last = e.Pos
		out = append(out, e)
	}
	*l = out
}

// Error prints up to MaxErrors errors, one per line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var sb strings.Builder
	for i, e := range l {
		if i == MaxErrors {
			fmt.Fprintf(&sb, "\n(and %d more errors)", len(l)-MaxErrors)
			break
		}
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(e.Error())
	}
	return sb.String()
}

// Unwrap returns the errors of the list.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// parsePosition turns "file:line:col" back into a token.Position.
func parsePosition(s string) token.Position {
	var p token.Position
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		p.Filename = s
		return p
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		p.Filename = s
		return p
	}
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil {
		p.Filename = s
		return p
	}
	p.Filename, p.Line, p.Column = s[:j], line, col
	return p
}
