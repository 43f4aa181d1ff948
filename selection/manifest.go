package selection

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"codeberg.org/sbinet/npyio/npy"

	"github.com/axmul/axmul/errmap"
)

// manifestLayer is one entry of model.json's "layers". Pointer fields
// distinguish a missing field from a zero value.
type manifestLayer struct {
	Name     *string  `json:"name"`
	FanIn    *int     `json:"fan_in"`
	OpCount  *float64 `json:"opcount"`
	MaxNoise *float64 `json:"max_noise"`
	Features *string  `json:"features"`
	Weights  *string  `json:"weights"`
	Outputs  *string  `json:"outputs"`
}

type manifest struct {
	Layers []manifestLayer `json:"layers"`
}

// LoadModel reads a model manifest (model.json, format in the package
// documentation) and the .npy files it names, relative to the manifest's
// directory, and returns the validated layers in manifest order. Errors name
// the manifest, the layer, the field and, for tensor problems, the .npy
// file.
func LoadModel(manifestPath string) ([]Layer, error) {
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("selection: %s: %w", jsonPos(manifestPath, data, err), err)
	}
	if len(m.Layers) == 0 {
		return nil, fmt.Errorf("selection: %s: field layers: no layers", manifestPath)
	}
	dir := filepath.Dir(manifestPath)
	layers := make([]Layer, 0, len(m.Layers))
	seen := make(map[string]bool, len(m.Layers))
	for i, ml := range m.Layers {
		l, err := loadLayer(dir, ml)
		if err != nil {
			return nil, fmt.Errorf("selection: %s: layers[%d]%s: %w", manifestPath, i, layerLabel(ml), err)
		}
		if seen[l.Name] {
			return nil, fmt.Errorf("selection: %s: layers[%d]: duplicate layer name %q", manifestPath, i, l.Name)
		}
		seen[l.Name] = true
		layers = append(layers, l)
	}
	return layers, nil
}

// jsonPos returns path:line:col of a JSON syntax or type error, else path.
func jsonPos(path string, data []byte, err error) string {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
	}
	if off < 0 || off > int64(len(data)) {
		return path
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return fmt.Sprintf("%s:%d:%d", path, line, max(col, 1))
}

func layerLabel(ml manifestLayer) string {
	if ml.Name == nil {
		return ""
	}
	return fmt.Sprintf(" (%s)", *ml.Name)
}

// errMissing reports a missing manifest field.
var errMissing = errors.New("missing field")

func loadLayer(dir string, ml manifestLayer) (Layer, error) {
	switch {
	case ml.Name == nil || *ml.Name == "":
		return Layer{}, fmt.Errorf("name: %w", errMissing)
	case ml.FanIn == nil:
		return Layer{}, fmt.Errorf("fan_in: %w", errMissing)
	case ml.OpCount == nil:
		return Layer{}, fmt.Errorf("opcount: %w", errMissing)
	case ml.MaxNoise == nil:
		return Layer{}, fmt.Errorf("max_noise: %w", errMissing)
	case ml.Features == nil || *ml.Features == "":
		return Layer{}, fmt.Errorf("features: %w", errMissing)
	case ml.Weights == nil || *ml.Weights == "":
		return Layer{}, fmt.Errorf("weights: %w", errMissing)
	case *ml.FanIn <= 0 || *ml.FanIn > maxExactFanIn:
		return Layer{}, fmt.Errorf("fan_in: must be in 1..%d, got %d", maxExactFanIn, *ml.FanIn)
	case !(*ml.MaxNoise >= 0) || math.IsInf(*ml.MaxNoise, 0):
		return Layer{}, fmt.Errorf("max_noise: must be non-negative and finite, got %v", *ml.MaxNoise)
	case !(*ml.OpCount >= 0) || math.IsInf(*ml.OpCount, 0):
		return Layer{}, fmt.Errorf("opcount: must be non-negative and finite, got %v", *ml.OpCount)
	}
	l := Layer{Name: *ml.Name, FanIn: *ml.FanIn, OpCount: *ml.OpCount, MaxNoise: *ml.MaxNoise}
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}

	fpath := resolve(*ml.Features)
	feats, fshape, err := readInt8Tensor(fpath)
	if err != nil {
		return Layer{}, fmt.Errorf("features: %w", err)
	}
	if len(fshape) == 0 || fshape[len(fshape)-1] != l.FanIn {
		return Layer{}, fmt.Errorf("features: %s: shape %v: last dimension must equal fan_in %d", fpath, fshape, l.FanIn)
	}
	if len(feats) == 0 {
		return Layer{}, fmt.Errorf("features: %s: shape %v holds no rows", fpath, fshape)
	}
	l.Features = feats

	wpath := resolve(*ml.Weights)
	w, wshape, err := readInt8Tensor(wpath)
	if err != nil {
		return Layer{}, fmt.Errorf("weights: %w", err)
	}
	if len(wshape) != 2 || wshape[0] != l.FanIn || wshape[1] == 0 {
		return Layer{}, fmt.Errorf("weights: %s: shape %v, want [fan_in=%d, out]", wpath, wshape, l.FanIn)
	}
	l.Weights, l.Out = w, wshape[1]

	if ml.Outputs != nil && *ml.Outputs != "" {
		opath := resolve(*ml.Outputs)
		out, oshape, err := readFloatTensor(opath)
		if err != nil {
			return Layer{}, fmt.Errorf("outputs: %w", err)
		}
		if want := l.Rows() * l.Out; len(out) != want {
			return Layer{}, fmt.Errorf("outputs: %s: shape %v holds %d values, want rows·out = %d·%d = %d", opath, oshape, len(out), l.Rows(), l.Out, want)
		}
		for i, v := range out {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Layer{}, fmt.Errorf("outputs: %s: flat index %d: value %v is not finite", opath, i, v)
			}
		}
		l.Outputs = out
	}
	if err := l.Validate(); err != nil {
		return Layer{}, err
	}
	return l, nil
}

// readInt8Tensor is errmap.ReadInt8Tensor after checkNPY, with a panic of
// the .npy header parser turned into an error (see guardNPY).
func readInt8Tensor(path string) (vals []int8, shape []int, err error) {
	if err := checkNPY(path); err != nil {
		return nil, nil, err
	}
	err = guardNPY(path, func() error {
		var err error
		vals, shape, err = errmap.ReadInt8Tensor(path)
		return err
	})
	return vals, shape, err
}

// guardNPY runs read and turns a panic into an error naming path: npyio's
// header parser panics on some malformed headers (e.g. one without the
// terminating newline), and bad input must not crash the caller.
func guardNPY(path string, read func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: malformed .npy file (%v)", path, r)
		}
	}()
	return read()
}

// maxNPYHeader bounds the .npy header length (numpy's np.load refuses
// headers above 10000 bytes by default).
const maxNPYHeader = 1 << 16

// checkNPY checks, before a reader allocates anything, that path starts
// with a .npy preamble whose header length is at most maxNPYHeader, whose
// header ends in a newline, and whose shape and item size need no more
// bytes than the file holds. A hostile header could otherwise make npyio
// allocate gigabytes.
func checkNPY(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var pre [12]byte
	if _, err := io.ReadFull(f, pre[:10]); err != nil {
		return fmt.Errorf("%s: not a .npy file: %w", path, err)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return fmt.Errorf("%s: not a .npy file (bad magic)", path)
	}
	var hdrLen, preLen int64
	switch pre[6] {
	case 1:
		hdrLen, preLen = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if _, err := io.ReadFull(f, pre[10:12]); err != nil {
			return fmt.Errorf("%s: truncated .npy preamble: %w", path, err)
		}
		hdrLen, preLen = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return fmt.Errorf("%s: unsupported .npy version %d.%d", path, pre[6], pre[7])
	}
	if hdrLen > maxNPYHeader || preLen+hdrLen > st.Size() {
		return fmt.Errorf("%s: .npy header of %d bytes in a file of %d bytes", path, hdrLen, st.Size())
	}
	hdr := make([]byte, preLen+hdrLen)
	copy(hdr, pre[:preLen])
	if _, err := io.ReadFull(f, hdr[preLen:]); err != nil {
		return fmt.Errorf("%s: truncated .npy header: %w", path, err)
	}
	if hdrLen == 0 || hdr[len(hdr)-1] != '\n' {
		return fmt.Errorf("%s: .npy header does not end in a newline", path)
	}
	var r *npy.Reader
	if err := guardNPY(path, func() error {
		var err error
		r, err = npy.NewReader(bytes.NewReader(hdr))
		return err
	}); err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("%s: malformed .npy header", path)
	}
	typ := strings.Trim(r.Header.Descr.Type, `'"`)
	size := int64(1)
	if len(typ) == 3 && typ[2] >= '1' && typ[2] <= '8' {
		size = int64(typ[2] - '0')
	}
	avail := st.Size() - preLen - hdrLen
	n := int64(1)
	for _, d := range r.Header.Descr.Shape {
		if d < 0 {
			return fmt.Errorf("%s: negative dimension in shape %v", path, r.Header.Descr.Shape)
		}
		if d > 0 && n > avail/int64(d) {
			return fmt.Errorf("%s: shape %v needs more than the %d data bytes of the file", path, r.Header.Descr.Shape, avail)
		}
		n *= int64(d)
	}
	if n*size > avail {
		return fmt.Errorf("%s: shape %v of %s needs %d bytes, the file holds %d", path, r.Header.Descr.Shape, typ, n*size, avail)
	}
	return nil
}

// readFloatTensor reads a .npy tensor of any shape, element order and
// integer or float dtype into float64 (exact for integers below 2^53 in
// magnitude; larger int64 and uint64 values are rounded).
func readFloatTensor(path string) (vals []float64, shape []int, err error) {
	if err := checkNPY(path); err != nil {
		return nil, nil, err
	}
	err = guardNPY(path, func() error {
		var err error
		vals, shape, err = readFloatTensorUnguarded(path)
		return err
	})
	return vals, shape, err
}

func readFloatTensorUnguarded(path string) ([]float64, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	r, err := npy.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	shape := slices.Clone(r.Header.Descr.Shape)
	// npyio keeps the quotes of the header's 'descr' value, e.g. "'<i4'".
	typ := strings.Trim(r.Header.Descr.Type, `'"`)
	if len(typ) != 3 || !strings.ContainsRune("<>|=", rune(typ[0])) {
		return nil, nil, fmt.Errorf("%s: unsupported dtype %q (want an integer or float dtype)", path, typ)
	}
	if !slices.Contains([]string{"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"}, typ[1:]) {
		return nil, nil, fmt.Errorf("%s: unsupported dtype %q (want an integer or float dtype)", path, typ)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if typ[0] == '>' {
		bo = binary.BigEndian
	}
	size := int(typ[2] - '0')
	n := 1
	for _, s := range shape {
		if s < 0 || (s > 0 && n > math.MaxInt32/s) {
			return nil, nil, fmt.Errorf("%s: shape %v too large", path, shape)
		}
		n *= s
	}
	// npyio reads element by element; the payload is read in one piece
	// after the header it parsed and decoded here.
	raw := make([]byte, n*size)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, nil, fmt.Errorf("%s: %d values of %s: %w", path, n, typ, err)
	}
	out := make([]float64, n)
	switch typ[1:] {
	case "i1":
		for i, b := range raw {
			out[i] = float64(int8(b))
		}
	case "u1":
		for i, b := range raw {
			out[i] = float64(b)
		}
	case "i2":
		for i := range out {
			out[i] = float64(int16(bo.Uint16(raw[2*i:])))
		}
	case "u2":
		for i := range out {
			out[i] = float64(bo.Uint16(raw[2*i:]))
		}
	case "i4":
		for i := range out {
			out[i] = float64(int32(bo.Uint32(raw[4*i:])))
		}
	case "u4":
		for i := range out {
			out[i] = float64(bo.Uint32(raw[4*i:]))
		}
	case "i8":
		for i := range out {
			out[i] = float64(int64(bo.Uint64(raw[8*i:])))
		}
	case "u8":
		for i := range out {
			out[i] = float64(bo.Uint64(raw[8*i:]))
		}
	case "f4":
		for i := range out {
			out[i] = float64(math.Float32frombits(bo.Uint32(raw[4*i:])))
		}
	case "f8":
		for i := range out {
			out[i] = math.Float64frombits(bo.Uint64(raw[8*i:]))
		}
	default:
		return nil, nil, fmt.Errorf("%s: unsupported dtype %q (want an integer or float dtype)", path, typ)
	}
	return out, shape, nil
}
