package errmap_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"github.com/axmul/axmul/errmap"
)

// ExampleReadTensor reads a big-endian int16 .npy file of shape [2, 3] (as
// numpy writes np.array(..., dtype='>i2')) and converts it.
func ExampleReadTensor() {
	dir, err := os.MkdirTemp("", "tensor")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// Preamble, header padded to 64 bytes with a final newline, payload.
	dict := "{'descr': '>i2', 'fortran_order': False, 'shape': (2, 3), }"
	for (10+len(dict)+1)%64 != 0 {
		dict += " "
	}
	file := binary.LittleEndian.AppendUint16([]byte("\x93NUMPY\x01\x00"), uint16(len(dict)+1))
	file = append(file, dict+"\n"...)
	for _, v := range []int16{-128, -1, 0, 1, 127, 300} {
		file = binary.BigEndian.AppendUint16(file, uint16(v))
	}
	path := filepath.Join(dir, "x.npy")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		fmt.Println(err)
		return
	}
	t, err := errmap.ReadTensor(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Dtype, t.Shape, t.Len(), t.Float64())
	_, err = t.Int8()
	fmt.Println(err != nil) // 300 is not an int8
	// Output:
	// >i2 [2 3] 6 [-128 -1 0 1 127 300]
	// true
}
