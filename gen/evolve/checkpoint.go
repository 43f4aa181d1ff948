package evolve

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/axmul/axmul/circuits"
	"github.com/axmul/axmul/internal/jsonfile"
	"github.com/axmul/axmul/internal/outfile"
)

// checkpointVersion is the format version of checkpoint files.
const checkpointVersion = 1

// checkpoint is the JSON content of a checkpoint file: what a run needs to
// continue exactly where it stopped.
type checkpoint struct {
	Version int `json:"version"`
	// Fingerprint names everything that decides the run's course besides
	// the state below; Resume refuses a checkpoint whose fingerprint
	// differs from its own options'.
	Fingerprint fingerprint `json:"fingerprint"`
	Generation  uint64      `json:"generation"`
	Evaluations uint64      `json:"evaluations"`
	Simulated   uint64      `json:"simulated"`
	// RNG is the PCG state (PCG.MarshalBinary), hex.
	RNG    string     `json:"rng"`
	Parent genomeJSON `json:"parent"`
}

// fingerprint identifies a run's settings.
type fingerprint struct {
	Seed       uint64   `json:"seed"`
	Lambda     int      `json:"lambda"`
	Mutations  int      `json:"mutations"`
	Functions  []string `json:"functions"`
	Constraint string   `json:"constraint"`
	Objective  string   `json:"objective"`
	// SeedGenome is a hash of the seed genome.
	SeedGenome string `json:"seed_genome"`
}

// genomeJSON is a Genome in a checkpoint; Nodes are [fn, in0, in1, in2].
type genomeJSON struct {
	ABits      int        `json:"a_bits"`
	BBits      int        `json:"b_bits"`
	Signed     bool       `json:"signed"`
	LevelsBack int        `json:"levels_back"`
	Nodes      [][4]int32 `json:"nodes"`
	Outs       []int32    `json:"outs"`
}

func toJSON(g *Genome) genomeJSON {
	j := genomeJSON{ABits: g.ABits, BBits: g.BBits, Signed: g.Signed, LevelsBack: g.LevelsBack, Outs: g.Outs, Nodes: make([][4]int32, len(g.Nodes))}
	for i, n := range g.Nodes {
		j.Nodes[i] = [4]int32{int32(n.Fn), n.In[0], n.In[1], n.In[2]}
	}
	return j
}

func (j genomeJSON) genome() (*Genome, error) {
	g := &Genome{ABits: j.ABits, BBits: j.BBits, Signed: j.Signed, LevelsBack: j.LevelsBack, Outs: j.Outs, Nodes: make([]Node, len(j.Nodes))}
	for i, n := range j.Nodes {
		if n[0] < 0 || int(n[0]) >= len(circuits.Kinds()) {
			return nil, fmt.Errorf("node %d: invalid function %d", i, n[0])
		}
		g.Nodes[i] = Node{Fn: circuits.Kind(n[0]), In: [3]int32{n[1], n[2], n[3]}}
	}
	if err := g.Check(); err != nil {
		return nil, err
	}
	return g, nil
}

// hash returns a hex SHA-256 of g's genes.
func (g *Genome) hash() string {
	h := sha256.New()
	var b [8]byte
	put := func(v int64) {
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		h.Write(b[:])
	}
	put(int64(g.ABits))
	put(int64(g.BBits))
	if g.Signed {
		put(1)
	} else {
		put(0)
	}
	put(int64(g.LevelsBack))
	put(int64(len(g.Nodes)))
	for _, n := range g.Nodes {
		put(int64(n.Fn))
		for _, s := range n.In {
			put(int64(s))
		}
	}
	put(int64(len(g.Outs)))
	for _, s := range g.Outs {
		put(int64(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (r *runner) fingerprint() fingerprint {
	fp := fingerprint{Seed: r.opts.Seed, Lambda: r.opts.Lambda, Mutations: r.opts.Mutations,
		Constraint: r.c.Name(), Objective: r.o.Name(), SeedGenome: r.seedHash}
	for _, k := range r.opts.Functions {
		fp.Functions = append(fp.Functions, k.String())
	}
	return fp
}

// diff describes the first field in which fp and o differ, or "".
func (fp fingerprint) diff(o fingerprint) string {
	switch {
	case fp.Seed != o.Seed:
		return fmt.Sprintf("seed %d, this run %d", fp.Seed, o.Seed)
	case fp.Lambda != o.Lambda:
		return fmt.Sprintf("lambda %d, this run %d", fp.Lambda, o.Lambda)
	case fp.Mutations != o.Mutations:
		return fmt.Sprintf("mutations %d, this run %d", fp.Mutations, o.Mutations)
	case strings.Join(fp.Functions, ",") != strings.Join(o.Functions, ","):
		return fmt.Sprintf("functions %s, this run %s", strings.Join(fp.Functions, ","), strings.Join(o.Functions, ","))
	case fp.Constraint != o.Constraint:
		return fmt.Sprintf("constraint %q, this run %q", fp.Constraint, o.Constraint)
	case fp.Objective != o.Objective:
		return fmt.Sprintf("objective %q, this run %q", fp.Objective, o.Objective)
	case fp.SeedGenome != o.SeedGenome:
		return "another seed circuit"
	}
	return ""
}

// writeCheckpoint writes the run state to opts.Checkpoint atomically.
func (r *runner) writeCheckpoint() error {
	st, err := r.rng.MarshalBinary()
	if err != nil {
		return fmt.Errorf("evolve: checkpoint: %w", err)
	}
	ck := checkpoint{Version: checkpointVersion, Fingerprint: r.fingerprint(), Generation: r.gen,
		Evaluations: r.evals, Simulated: r.simulated, RNG: hex.EncodeToString(st), Parent: toJSON(r.ev.parent)}
	write := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		return enc.Encode(ck)
	}
	if err := outfile.WriteAtomic(r.opts.Checkpoint, write); err != nil {
		return fmt.Errorf("evolve: checkpoint: %w", err)
	}
	return nil
}

// Resume continues the run whose checkpoint is the file path (written by
// Run or Resume with Options.Checkpoint) and returns what an uninterrupted
// Run with the same seed, constraint, objective and options would have
// returned (Elapsed and EvalsPerSec aside). It refuses a checkpoint made
// with another seed genome, PCG seed, lambda, mutation count, function
// set, constraint or objective (by name). opts.Checkpoint may name the
// same file to keep checkpointing.
func Resume(ctx context.Context, path string, seed *Genome, c Constraint, o Objective, opts Options) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("evolve: resume: %w", err)
	}
	ck, parent, pcg, err := parseCheckpoint(path, data)
	if err != nil {
		return nil, fmt.Errorf("evolve: resume: %w", err)
	}
	r, err := newRunner(seed, c, o, opts)
	if err != nil {
		return nil, err
	}
	if d := ck.Fingerprint.diff(r.fingerprint()); d != "" {
		return nil, fmt.Errorf("evolve: resume: %s: the checkpoint is from a run with other settings: %s", path, d)
	}
	if len(parent.Nodes) != len(seed.Nodes) || len(parent.Outs) != len(seed.Outs) || parent.ABits != seed.ABits ||
		parent.BBits != seed.BBits || parent.Signed != seed.Signed || parent.LevelsBack != seed.LevelsBack {
		return nil, fmt.Errorf("evolve: resume: %s: the parent's shape differs from the seed's", path)
	}
	r.rng = pcg
	if err := r.ev.setParent(parent); err != nil {
		return nil, err
	}
	r.gen, r.evals, r.simulated = ck.Generation, ck.Evaluations, ck.Simulated
	return r.loop(ctx)
}

// parseCheckpoint decodes a checkpoint file's content: the checkpoint, its
// parent genome (checked) and its PCG state. Errors name path.
func parseCheckpoint(path string, data []byte) (*checkpoint, *Genome, *rand.PCG, error) {
	var ck checkpoint
	if err := jsonfile.Decode(path, data, &ck); err != nil {
		return nil, nil, nil, err
	}
	if ck.Version != checkpointVersion {
		return nil, nil, nil, fmt.Errorf("%s: checkpoint version %d, want %d", path, ck.Version, checkpointVersion)
	}
	if ck.Simulated < 1 || ck.Simulated > ck.Evaluations {
		return nil, nil, nil, fmt.Errorf("%s: %d evaluations, %d simulated: want 1 <= simulated <= evaluations", path, ck.Evaluations, ck.Simulated)
	}
	parent, err := ck.Parent.genome()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: parent %w", path, err)
	}
	st, err := hex.DecodeString(ck.RNG)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: rng: %w", path, err)
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(st); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: rng: %w", path, err)
	}
	return &ck, parent, pcg, nil
}
