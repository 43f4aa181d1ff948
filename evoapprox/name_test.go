package evoapprox

import (
	"strings"
	"testing"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name string
		want Shape
		err  string // substring of the error, "" for none
	}{
		{"mul8s_1KV6", Shape{8, 8, true}, ""},
		{"mul8x4u_29A", Shape{8, 4, false}, ""},
		{"mul12u_2BU", Shape{12, 12, false}, ""},
		{"mul16s_HG4", Shape{16, 16, true}, ""},
		{"mul7u_0DD", Shape{7, 7, false}, ""},
		{"mul8x2s_X", Shape{8, 2, true}, ""},
		{"mul8_123", Shape{8, 8, false}, ""},
		{"mul8_RippleCarryArrayMultiplier", Shape{8, 8, false}, ""},
		{"mul8_WallaceTreeMultiplier_Using_CarrySelectAdder", Shape{8, 8, false}, ""},
		{"mul32u_A", Shape{32, 32, false}, ""},
		{"mul33u_A", Shape{}, "not in 1..32"},
		{"mul0u_A", Shape{}, "not in 1..32"},
		{"mul8a_1", Shape{}, "signedness"},
		{"mulu_1", Shape{}, "no width"},
		{"mul8u", Shape{}, "no '_'"},
		{"mul8u_", Shape{}, "id not made"},
		{"mul8u_a-b", Shape{}, "id not made"},
		{"add8_000", Shape{}, "no mul prefix"},
		{"mul8xu_1", Shape{}, "bad width"},
		{"mulx8u_1", Shape{}, "bad width"},
		{"mul8x4x2u_1", Shape{}, "bad width"},
		{"mul+8u_1", Shape{}, "bad width"},
		{"", Shape{}, "no mul prefix"},
	}
	for _, tc := range tests {
		got, err := ParseName(tc.name)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"`+tc.name+`"`) {
				t.Errorf("ParseName(%q) error %v, want one naming it with %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseName(%q) = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestParseGroup(t *testing.T) {
	tests := []struct {
		group string
		want  Shape
		ok    bool
	}{
		{"8x8_signed", Shape{8, 8, true}, true},
		{"8x4_unsigned", Shape{8, 4, false}, true},
		{"16x16_unsigned", Shape{16, 16, false}, true},
		{"8x8", Shape{}, false},
		{"8_signed", Shape{}, false},
		{"8x8_sined", Shape{}, false},
		{"0x8_signed", Shape{}, false},
		{"axb_signed", Shape{}, false},
		{"pareto_pwr_ep", Shape{}, false},
	}
	for _, tc := range tests {
		got, err := ParseGroup(tc.group)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseGroup(%q) = %v, %v; want %v ok=%v", tc.group, got, err, tc.want, tc.ok)
		}
		if tc.ok && got.String() != tc.group {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tc.group)
		}
	}
}
