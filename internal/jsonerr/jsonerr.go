package jsonerr

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Error is a reworded encoding/json error; Unwrap returns the original
// (a *json.UnmarshalTypeError, *json.SyntaxError, ...), so that callers
// can still find its offset.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the original error.
func (e *Error) Unwrap() error { return e.Err }

// Clean rewords err if it comes from encoding/json and returns it
// unchanged otherwise (nil for nil).
func Clean(err error) error {
	if err == nil {
		return nil
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		msg := fmt.Sprintf("want %s, have %s", kindOf(typ.Type), valueWord(typ.Value))
		if typ.Field != "" {
			msg = "field " + typ.Field + ": " + msg
		}
		return &Error{Msg: msg, Err: err}
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return &Error{Msg: "invalid JSON: " + syn.Error(), Err: err}
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: "); ok {
		return &Error{Msg: msg, Err: err}
	}
	return err
}

// kindOf names the JSON value a Go type reads.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another value"
}

// valueWord names the JSON value found, as UnmarshalTypeError.Value gives
// it ("string", "number", "number -1", "bool", "array", "object").
func valueWord(v string) string {
	switch {
	case v == "string" || v == "array" || v == "object":
		return map[string]string{"string": "a string", "array": "an array", "object": "an object"}[v]
	case v == "bool":
		return "true or false"
	case v == "number":
		return "a number"
	case strings.HasPrefix(v, "number "):
		return strings.TrimPrefix(v, "number ")
	}
	return v
}
