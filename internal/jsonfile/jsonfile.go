package jsonfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
)

// Metadata is an optional free-form JSON object (an exporter's "info"), kept
// undecoded. Its UnmarshalJSON accepts only an object or null.
type Metadata json.RawMessage

// UnmarshalJSON keeps the object's text; anything but an object or null is
// an error.
func (m *Metadata) UnmarshalJSON(data []byte) error {
	t := bytes.TrimSpace(data)
	if !bytes.HasPrefix(t, []byte("{")) && !bytes.Equal(t, []byte("null")) {
		return errors.New("field info: want an object")
	}
	*m = append((*m)[:0], t...)
	return nil
}

// Error is a decoding error at a position of a JSON file.
type Error struct {
	Path      string // the file
	Line, Col int    // 1-based; 0 if unknown
	Msg       string
	Err       error // the underlying encoding/json error, if any
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Unwrap returns the underlying encoding/json error.
func (e *Error) Unwrap() error { return e.Err }

// Decode decodes data, the contents of the file path, into v under the
// package's policy (see the package documentation). v must be a pointer.
func Decode(path string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describe(path, data, err)
	}
	// Only whitespace may follow the value.
	rest := data[dec.InputOffset():]
	if i := bytes.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune(" \t\r\n", r) }); i >= 0 {
		off := int(dec.InputOffset()) + i
		line, col := position(data, off)
		return &Error{Path: path, Line: line, Col: col, Msg: "trailing data after the JSON value"}
	}
	// encoding/json matched keys case-insensitively: insist on the exact
	// spelling, so that "Fan_In" is not taken for "fan_in" silently.
	var kc errKeyCase
	if err := checkKeys(json.NewDecoder(bytes.NewReader(data)), reflect.TypeOf(v)); errors.As(err, &kc) {
		return keyError(path, data, kc.key, kc.Error(), err)
	} else if err != nil {
		return &Error{Path: path, Msg: err.Error(), Err: err}
	}
	return nil
}

// position returns the 1-based line and byte column of offset off.
func position(data []byte, off int) (int, int) {
	off = max(0, min(off, len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// describe turns an encoding/json error into an *Error with a position and
// a message in JSON terms.
func describe(path string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, int(syn.Offset)-1)
		return &Error{Path: path, Line: line, Col: col, Msg: "syntax error: " + strings.TrimPrefix(syn.Error(), "json: "), Err: err}
	case errors.As(err, &typ):
		// Offset is just after the offending value: point at its start.
		off := valueStart(data, int(typ.Offset))
		line, col := position(data, off)
		msg := fmt.Sprintf("want %s, got %s", jsonKind(typ.Type), typ.Value)
		if typ.Field != "" {
			msg = "field " + typ.Field + ": " + msg
		}
		return &Error{Path: path, Line: line, Col: col, Msg: msg, Err: err}
	case errors.Is(err, io.EOF):
		return &Error{Path: path, Msg: "empty file, want a JSON object", Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, len(data))
		return &Error{Path: path, Line: line, Col: col, Msg: "unexpected end of file", Err: err}
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		return keyError(path, data, m[1], fmt.Sprintf("unknown field %q", m[1]), err)
	}
	// Errors of UnmarshalJSON methods ("field info: want an object").
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if m := fieldPrefix.FindStringSubmatch(msg); m != nil {
		return keyError(path, data, m[1], msg, err)
	}
	return &Error{Path: path, Msg: msg, Err: err}
}

var fieldPrefix = regexp.MustCompile(`^field ([A-Za-z0-9_]+): `)

// keyError returns an error at the first occurrence of the object key
// key in data (encoding/json gives no offset for these errors): the quoted
// key followed by a colon.
func keyError(path string, data []byte, key, msg string, err error) error {
	q, _ := json.Marshal(key)
	re := regexp.MustCompile(regexp.QuoteMeta(string(q)) + `\s*:`)
	if loc := re.FindIndex(data); loc != nil {
		line, col := position(data, loc[0])
		return &Error{Path: path, Line: line, Col: col, Msg: msg, Err: err}
	}
	return &Error{Path: path, Msg: msg, Err: err}
}

// valueStart returns the offset where the JSON value ending at end
// starts, found by scanning back over a scalar token (string, number,
// literal); for other values it returns end.
func valueStart(data []byte, end int) int {
	end = max(0, min(end, len(data)))
	i := end
	if i > 0 && data[i-1] == '"' {
		// A string: find the opening quote (not escaped).
		for j := i - 2; j >= 0; j-- {
			if data[j] == '"' {
				k := j - 1
				for k >= 0 && data[k] == '\\' {
					k--
				}
				if (j-k-1)%2 == 0 {
					return j
				}
			}
		}
		return end
	}
	for i > 0 && strings.IndexByte("0123456789+-.eEtruefalsn", data[i-1]) >= 0 {
		i--
	}
	if i == end {
		// An object or array: encoding/json reports the offset after
		// its opening bracket.
		return max(0, end-1)
	}
	return i
}

// jsonKind names the JSON form a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a value"
}
