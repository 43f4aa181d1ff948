package selection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/axmul/axmul/errmap"
	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/outfile"
	"github.com/axmul/axmul/internal/regfile"
)

// AssignmentFile is the name of the assignment written by Deploy.
const AssignmentFile = "assignment.json"

// Assignment is the content of assignment.json written by Deploy: for
// every layer the chosen multiplier and the file name of its lookup table
// (relative to the deployment folder), plus the full selection result.
type Assignment struct {
	// Layers lists the layers in result order.
	Layers []AssignedLayer `json:"layers"`
	// Result is the selection result that was deployed.
	Result *MatchingInfo `json:"result"`
}

// AssignedLayer is one layer of an Assignment.
type AssignedLayer struct {
	// Name is the layer name.
	Name string `json:"name"`
	// MultiplierName is the multiplier deployed to the layer.
	MultiplierName string `json:"multiplier_name"`
	// LUT is the file name of the layer's TorchApprox lookup table.
	LUT string `json:"lut"`
	// ActivationPort is the multiplier port that receives the layer's
	// activations ("A" or "B"). The LUT is laid out for it: its index is
	// always [activation, weight] (TorchApprox), so for B the table is the
	// multiplier's table transposed.
	ActivationPort Port `json:"activation_port"`
}

// lutFileName returns the LUT file name of layer i: its index (keeping
// names unique) and its name with every byte outside [A-Za-z0-9._-]
// replaced by '_'.
func lutFileName(i int, name string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, name)
	return fmt.Sprintf("%02d_%s.npy", i, safe)
}

// Deploy writes the deployment of res into the folder dir: per layer the
// TorchApprox lookup table of its multiplier (int32 .npy [256, 256], see
// errmap.ErrorMap.LUT; taken from lib if it is a LUTSource, else derived
// from the error map; file names in assignment.json) and assignment.json
// (type Assignment). A layer whose result names activation port B gets
// the table transposed, so that it stays indexed [activation, weight]. The folder appears whole or not at all: everything is
// written into a temporary folder beside dir which is then renamed to dir.
// dir must not exist or be an empty folder. A result naming a multiplier
// that lib does not list is refused before anything is written.
func Deploy(dir string, res *MatchingInfo, lib Library) (err error) {
	if res == nil {
		return errors.New("selection: deploy: nil result")
	}
	if err := res.validate(); err != nil {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	cands, err := lib.Candidates()
	if err != nil {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	known := make(map[string]bool, len(cands))
	for _, c := range cands {
		known[c.Name] = true
	}
	for i, l := range res.Layers {
		if !known[l.MultiplierName] {
			return fmt.Errorf("selection: deploy: layers[%d] (%s): multiplier_name %q is not in the library", i, l.Name, l.MultiplierName)
		}
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("selection: deploy: %s exists and is not empty", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("selection: deploy: %w", err)
	}

	clean := filepath.Clean(dir)
	// Temporaries of earlier deployments to dir whose process is gone.
	outfile.RemoveStale(filepath.Dir(clean), outfile.TempPrefix(clean), false)
	tmp, err := outfile.MkdirTemp(filepath.Dir(clean), outfile.TempPrefix(clean))
	if err != nil {
		return fmt.Errorf("selection: deploy: creating a temporary folder beside %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()

	asg := Assignment{Result: res, Layers: make([]AssignedLayer, len(res.Layers))}
	for i, l := range res.Layers {
		lut, err := loadLUT(lib, l.MultiplierName)
		if err != nil {
			return fmt.Errorf("selection: deploy: layer %s: %w", l.Name, err)
		}
		if l.Port() == PortB {
			lut = errmap.TransposeLUT(lut)
		}
		file := lutFileName(i, l.Name)
		if err := writeLUT(filepath.Join(tmp, file), lut); err != nil {
			return fmt.Errorf("selection: deploy: layer %s: %w", l.Name, err)
		}
		asg.Layers[i] = AssignedLayer{Name: l.Name, MultiplierName: l.MultiplierName, LUT: file, ActivationPort: l.Port()}
	}
	data, err := json.MarshalIndent(&asg, "", "  ")
	if err != nil {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, AssignmentFile), append(data, '\n'), 0o666); err != nil {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	// os.Rename refuses an existing folder as target, even an empty one:
	// remove it first (os.Remove fails if it has filled up meanwhile).
	if err := os.Remove(clean); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	if err := os.Rename(tmp, clean); err != nil {
		return fmt.Errorf("selection: deploy: %w", err)
	}
	return nil
}

// LUTSource is implemented by libraries that store lookup tables: Deploy
// then writes the stored table rather than deriving it from the error map.
type LUTSource interface {
	// LUT returns the named multiplier's TorchApprox lookup table: 65536
	// values, lut[i<<8|j] the approximate product of the int8 operands with
	// uint8 bit patterns i and j (errmap.ErrorMap.LUT's layout).
	LUT(name string) ([]int32, error)
}

// loadLUT returns the lookup table of the named multiplier: lib's stored
// one if lib is a LUTSource, else errmap.ErrorMap.LUT of its error map.
func loadLUT(lib Library, name string) ([]int32, error) {
	if src, ok := lib.(LUTSource); ok {
		lut, err := src.LUT(name)
		if err != nil {
			return nil, fmt.Errorf("multiplier %s: %w", name, err)
		}
		if len(lut) != 1<<16 {
			return nil, fmt.Errorf("multiplier %s: LUT has %d entries, want 65536", name, len(lut))
		}
		return lut, nil
	}
	em, err := lib.ErrorMap(name)
	if err != nil {
		return nil, err
	}
	if em == nil {
		return nil, fmt.Errorf("multiplier %s: library returned no error map", name)
	}
	lut, err := em.LUT()
	if err != nil {
		return nil, fmt.Errorf("multiplier %s: %w", name, err)
	}
	return lut, nil
}

// writeLUT writes lut as an int32 ('<i4') .npy file of shape [256, 256],
// format version 1.0 with the data 64-byte aligned (errmap.WriteInt32NPY).
func writeLUT(path string, lut []int32) error {
	var buf bytes.Buffer
	if err := errmap.WriteInt32NPY(&buf, lut, 256, 256); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o666)
}

// ReadAssignment reads the assignment.json of a deployment folder.
func ReadAssignment(dir string) (*Assignment, error) {
	path := filepath.Join(dir, AssignmentFile)
	data, err := regfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	var a Assignment
	if err := jsonfile.Decode(path, data, &a); err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	if a.Result == nil {
		return nil, fmt.Errorf("selection: %s: missing field result", path)
	}
	if len(a.Layers) != len(a.Result.Layers) {
		return nil, fmt.Errorf("selection: %s: field layers: %d entries, result has %d", path, len(a.Layers), len(a.Result.Layers))
	}
	return &a, nil
}
