package selection

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/regfile"
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
	// Info is an exporter's free-form metadata object, ignored.
	Info   jsonfile.Metadata `json:"info"`
	Layers []manifestLayer   `json:"layers"`
}

// LoadModel reads a model manifest (model.json, format in the package
// documentation) and the .npy files it names, relative to the manifest's
// directory, and returns the validated layers in manifest order. The
// manifest is decoded under internal/jsonfile's policy: unknown keys and
// trailing data are errors at line:col; an optional top-level "info"
// object (an exporter's metadata) is ignored. Only regular files are read.
// Errors name the manifest, the layer, the field and, for tensor problems,
// the .npy file.
func LoadModel(manifestPath string) ([]Layer, error) {
	data, err := regfile.ReadFile(manifestPath)
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	var m manifest
	if err := jsonfile.Decode(manifestPath, data, &m); err != nil {
		return nil, fmt.Errorf("selection: %w", err)
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
	case *ml.FanIn <= 0 || int64(*ml.FanIn) > maxExactFanIn:
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
	feats, fshape, err := errmap.ReadInt8Tensor(fpath)
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
	w, wshape, err := errmap.ReadInt8Tensor(wpath)
	if err != nil {
		return Layer{}, fmt.Errorf("weights: %w", err)
	}
	if len(wshape) != 2 || wshape[0] != l.FanIn || wshape[1] == 0 {
		return Layer{}, fmt.Errorf("weights: %s: shape %v, want [fan_in=%d, out]", wpath, wshape, l.FanIn)
	}
	l.Weights, l.Out = w, wshape[1]

	if ml.Outputs != nil && *ml.Outputs != "" {
		opath := resolve(*ml.Outputs)
		// Outputs may be stored in any element order (only their
		// standard deviation is used), so fortran_order True is accepted.
		t, err := errmap.ReadTensor(opath)
		if err != nil {
			return Layer{}, fmt.Errorf("outputs: %w", err)
		}
		out, oshape := t.Float64(), t.Shape
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
	if l.Outputs != nil {
		// max_std = std(outputs)·max_noise must be a number the result
		// can hold: checked here, before any work, not when writing it.
		if err := checkMaxStd(popStd(l.Outputs), l.MaxNoise); err != nil {
			return Layer{}, err
		}
	}
	return l, nil
}

// checkMaxStd reports an error if std(outputs)·max_noise is not finite.
func checkMaxStd(std, maxNoise float64) error {
	if math.IsInf(std, 0) || math.IsNaN(std) {
		return fmt.Errorf("outputs: their standard deviation overflows (%v)", std)
	}
	if v := std * maxNoise; math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Errorf("max_noise: %v times std(outputs) %.6g overflows: max_std must be finite", maxNoise, std)
	}
	return nil
}
