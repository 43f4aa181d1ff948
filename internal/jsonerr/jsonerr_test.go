package jsonerr

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type layer struct {
	Name  string          `json:"name"`
	FanIn int             `json:"fan_in"`
	Count uint64          `json:"count"`
	Noise float64         `json:"noise"`
	On    bool            `json:"on"`
	Files []string        `json:"files"`
	Sub   struct{ X int } `json:"sub"`
}

type doc struct {
	Layers []layer `json:"layers"`
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"layers": [{"fan_in": "x"}]}`, "field layers.fan_in: want an integer, have a string"},
		{`{"layers": [{"fan_in": 1.5}]}`, "field layers.fan_in: want an integer, have 1.5"},
		{`{"layers": [{"count": -1}]}`, "field layers.count: want a non-negative integer, have -1"},
		{`{"layers": [{"noise": true}]}`, "field layers.noise: want a number, have true or false"},
		{`{"layers": [{"name": 3}]}`, "field layers.name: want a string, have a number"},
		{`{"layers": [{"on": "yes"}]}`, "field layers.on: want true or false, have a string"},
		{`{"layers": [{"files": {}}]}`, "field layers.files: want an array, have an object"},
		{`{"layers": [{"sub": []}]}`, "field layers.sub: want an object, have an array"},
		{`{"layers": {}}`, "field layers: want an array, have an object"},
		{`[1]`, "want an object, have an array"},
		{`{"layers": [}`, "invalid JSON: invalid character '}' looking for beginning of value"},
	} {
		var d doc
		err := Clean(json.Unmarshal([]byte(tc.in), &d))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
			continue
		}
		var typ *json.UnmarshalTypeError
		var syn *json.SyntaxError
		if !errors.As(err, &typ) && !errors.As(err, &syn) {
			t.Errorf("%s: the original error is not wrapped", tc.in)
		}
	}
	other := errors.New("disk on fire")
	if Clean(other) != other || Clean(nil) != nil {
		t.Error("errors not from encoding/json must pass unchanged")
	}
	var d doc
	dec := json.NewDecoder(strings.NewReader(`{"layer": 1}`))
	dec.DisallowUnknownFields()
	if err := Clean(dec.Decode(&d)); err == nil || err.Error() != `unknown field "layer"` {
		t.Errorf("unknown field: %v", err)
	}
}
