package selection

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strings"
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
