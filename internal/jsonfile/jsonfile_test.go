package jsonfile

import (
	"errors"
	"regexp"
	"testing"
)

type layer struct {
	Name  string `json:"name"`
	FanIn *int   `json:"fan_in"`
}

type manifest struct {
	Info   Metadata `json:"info"`
	Layers []layer  `json:"layers"`
}

// TestDecode: one policy for every file: trailing data, unknown keys, type
// and syntax errors are errors at line:col without Go type names; an "info"
// object is accepted where the type declares it.
func TestDecode(t *testing.T) {
	cases := []struct {
		name, in, want string // want: "" = ok, else the exact message
	}{
		{"ok", `{"layers": [{"name": "a", "fan_in": 3}]}`, ""},
		{"ok trailing whitespace", "{\"layers\": []}\n\n \t", ""},
		{"info object", `{"info": {"torch": "2.1", "x": [1]}, "layers": []}`, ""},
		{"info null", `{"info": null, "layers": []}`, ""},
		{"info not an object", `{"info": "v1", "layers": []}`, "m.json:1:2: field info: want an object"},
		{"trailing garbage", "{\"layers\": []}\n}x", "m.json:2:1: trailing data after the JSON value"},
		{"second value", `{"layers": []} {"layers": []}`, "m.json:1:16: trailing data after the JSON value"},
		{"unknown key", "{\"layers\": [\n  {\"name\": \"a\", \"fanin\": 3}]}", `m.json:2:17: unknown field "fanin"`},
		{"unknown top key", "{\"layers\": [], \"infos\": 1}", `m.json:1:16: unknown field "infos"`},
		{"key in another case", "{\"layers\": [\n {\"name\": \"a\", \"Fan_In\": 3}]}", `m.json:2:16: unknown field "Fan_In" (did you mean "fan_in"?)`},
		{"top key in another case", `{"Layers": []}`, `m.json:1:2: unknown field "Layers" (did you mean "layers"?)`},
		{"info keys are free", `{"info": {"Layers": 1, "x": {"y": [1, {"z": null}]}}, "layers": null}`, ""},
		{"string for int", "{\"layers\": [{\"name\": \"a\",\n \"fan_in\": \"3\"}]}", "m.json:2:12: field layers.fan_in: want an integer, got string"},
		{"float for int", `{"layers": [{"fan_in": 2.5}]}`, "m.json:1:24: field layers.fan_in: want an integer, got number 2.5"},
		{"huge int", `{"layers": [{"fan_in": 1e30}]}`, "m.json:1:24: field layers.fan_in: want an integer, got number 1e30"},
		{"object for array", `{"layers": {"name": "a"}}`, "m.json:1:12: field layers: want an array, got object"},
		{"syntax", "{\"layers\": [\n  {\"name\" \"a\"}]}", "m.json:2:11: syntax error: invalid character '\"' after object key"},
		{"truncated", `{"layers": [`, "m.json:1:13: unexpected end of file"},
		{"empty", ``, "m.json: empty file, want a JSON object"},
	}
	goType := regexp.MustCompile(`Go |struct|\bint\b|manifest|layer\b`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m manifest
			err := Decode("m.json", []byte(c.in), &m)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != c.want {
				t.Fatalf("error %v\nwant       %s", err, c.want)
			}
			if goType.MatchString(err.Error()) {
				t.Errorf("error %q names Go types", err)
			}
			var je *Error
			if !errors.As(err, &je) || je.Path != "m.json" {
				t.Errorf("error %T is not a *jsonfile.Error for m.json", err)
			}
		})
	}
}

// FuzzDecode: Decode never panics, and its errors name the file.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"layers": [{"name": "a", "fan_in": 3}]}`, `{"info": {}, "layers": []} x`, `{"layers": [{"fanin": "3"}]}`, `{"info": 3}`, `[`, `"\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m manifest
		if err := Decode("f.json", data, &m); err != nil && !regexp.MustCompile(`^f\.json[:]`).MatchString(err.Error()) {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
