package jsonfile

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// errKeyCase is a key that encoding/json matched case-insensitively.
type errKeyCase struct{ key, want string }

func (e errKeyCase) Error() string {
	return fmt.Sprintf("unknown field %q (did you mean %q?)", e.key, e.want)
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkKeys reads one JSON value from dec and checks that every object key
// of it that maps to a struct field spells the field's name exactly
// (encoding/json also accepts other cases). Values of types with their own
// UnmarshalJSON, interfaces and maps' values of such types are skipped.
// data has already been decoded into t without error, so the structure
// matches t.
func checkKeys(dec *json.Decoder, t reflect.Type) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(unmarshalerType) || t.Implements(unmarshalerType) {
		return skipValue(dec)
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar or null
	}
	switch {
	case d == '{' && t.Kind() == reflect.Struct:
		fields := jsonFields(t)
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			ft, ok := fields[key]
			if !ok {
				for name := range fields {
					if strings.EqualFold(name, key) {
						return errKeyCase{key, name}
					}
				}
				// Unknown keys were refused by the decoder already.
				if err := skipValue(dec); err != nil {
					return err
				}
				continue
			}
			if err := checkKeys(dec, ft); err != nil {
				return err
			}
		}
	case d == '{' && t.Kind() == reflect.Map:
		for dec.More() {
			if _, err := dec.Token(); err != nil {
				return err
			}
			if err := checkKeys(dec, t.Elem()); err != nil {
				return err
			}
		}
	case d == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for dec.More() {
			if err := checkKeys(dec, t.Elem()); err != nil {
				return err
			}
		}
	default:
		// A composite value of another type: skip its contents.
		for dec.More() {
			if d == '{' {
				if _, err := dec.Token(); err != nil {
					return err
				}
			}
			if err := skipValue(dec); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// skipValue reads one JSON value from dec.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// jsonFields returns the JSON names of t's fields (as encoding/json names
// them: the tag's name, else the Go name; embedded untagged structs
// promote theirs) and their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, dup := out[k]; !dup {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
