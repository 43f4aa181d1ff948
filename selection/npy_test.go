package selection

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/axmul/axmul/errmap"
)

// encodeNPY returns a version 1.0 .npy file holding vals (float64 values
// converted to dtype, little-endian) with the given shape. dtype is one of
// i1, u1, i2, u2, i4, u4, i8, u8, f4, f8, optionally prefixed by '>' for
// big-endian. Tests use it to write tensors of any shape
// and dtype, which npyio.Write (shape from Go types) cannot.
func encodeNPY(dtype string, shape []int, vals []float64) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	order := "<"
	if strings.HasPrefix(dtype, ">") {
		bo, order, dtype = binary.BigEndian, ">", dtype[1:]
	}
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = fmt.Sprint(s)
	}
	shapeStr := "(" + strings.Join(dims, ", ")
	if len(shape) == 1 {
		shapeStr += ","
	}
	shapeStr += ")"
	descr := order + dtype
	if dtype == "i1" || dtype == "u1" {
		descr = "|" + dtype
	}
	hdr := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shapeStr)
	// Pad so that magic(6)+version(2)+len(2)+header+'\n' is a multiple of 64.
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	hdr += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
	for _, v := range vals {
		switch dtype {
		case "i1":
			b.WriteByte(byte(int8(v)))
		case "u1":
			b.WriteByte(uint8(v))
		case "i2":
			binary.Write(&b, bo, int16(v))
		case "u2":
			binary.Write(&b, bo, uint16(v))
		case "i4":
			binary.Write(&b, bo, int32(v))
		case "u4":
			binary.Write(&b, bo, uint32(v))
		case "i8":
			binary.Write(&b, bo, int64(v))
		case "u8":
			binary.Write(&b, bo, uint64(v))
		case "f4":
			binary.Write(&b, bo, math.Float32bits(float32(v)))
		case "f8":
			binary.Write(&b, bo, math.Float64bits(v))
		default:
			panic("encodeNPY: dtype " + dtype)
		}
	}
	return b.Bytes()
}

func writeNPY(path, dtype string, shape []int, vals []float64) error {
	return os.WriteFile(path, encodeNPY(dtype, shape, vals), 0o644)
}

func int8sToFloats(v []int8) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func nanValue() float64 { return math.NaN() }

// TestUnusualNPYHeadersSameModel rewrites the headers of the test model's
// .npy files in forms numpy accepts but the old fixed-position parser
// misread (issue 13 item 3: no trailing comma, whose (9, 400) was read as
// (9, 4); keys reordered; no spaces; double quotes) and checks that the
// model loads to exactly the same layers.
func TestUnusualNPYHeadersSameModel(t *testing.T) {
	want, err := LoadModel(filepath.Join(testModelDir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	styles := map[string]string{
		"no trailing comma": "{'descr': '%s', 'fortran_order': False, 'shape': %s}",
		"reordered":         "{'shape': %[2]s, 'fortran_order': False, 'descr': '%[1]s', }",
		"no spaces":         "{'descr':'%s','fortran_order':False,'shape':%s}",
		"double quotes":     "{\"fortran_order\": False, \"descr\": \"%s\", \"shape\": %s}",
	}
	files, err := filepath.Glob(filepath.Join(testModelDir, "*"))
	if err != nil || len(files) < 4 {
		t.Fatalf("test model files: %v %v", files, err)
	}
	for name, style := range styles {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for _, p := range files {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(p, ".npy") {
					h, err := errmap.ReadTensorHeader(p)
					if err != nil {
						t.Fatal(err)
					}
					if data[6] != 1 {
						t.Fatalf("%s: version %d", p, data[6])
					}
					payload := data[10+int(data[8])+int(data[9])<<8:]
					shape := "("
					for _, d := range h.Shape {
						shape += fmt.Sprintf("%d,", d)
					}
					shape += ")"
					dict := fmt.Sprintf(style, h.Dtype, shape) + "\n"
					data = binary.LittleEndian.AppendUint16([]byte("\x93NUMPY\x01\x00"), uint16(len(dict)))
					data = append(append(data, dict...), payload...)
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := LoadModel(filepath.Join(dir, "model.json"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d layers, want %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.FanIn != w.FanIn || g.Out != w.Out || !slices.Equal(g.Features, w.Features) || !slices.Equal(g.Weights, w.Weights) || !slices.Equal(g.Outputs, w.Outputs) {
					t.Errorf("layer %s differs from the original", g.Name)
				}
			}
		})
	}
}
