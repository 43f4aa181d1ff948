package blif

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// Write writes n as one flat BLIF model: the bits of every port as
// .inputs/.outputs named NAME[i] (or NAME for a one-bit port), one .names
// cover per gate in topological order, and a buffer cover for each output
// bit that is an input bit, a second output bit's net, or a net read
// elsewhere under another name. Library-cell structure is not kept.
func Write(w io.Writer, n *circuits.Netlist) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("blif: %w", err)
	}
	order, err := n.TopoOrder()
	if err != nil {
		return fmt.Errorf("blif: %w", err)
	}
	names, err := netNames(n)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	model := n.Name
	if model == "" || strings.ContainsAny(model, " \t\r\n#") {
		model = "top"
	}
	fmt.Fprintf(bw, "# written by axmul\n.model %s\n", model)
	for _, d := range []circuits.Dir{circuits.Input, circuits.Output} {
		kw := ".inputs"
		if d == circuits.Output {
			kw = ".outputs"
		}
		for _, p := range n.Ports {
			if p.Dir != d {
				continue
			}
			bw.WriteString(kw)
			for i := range p.Bits {
				bw.WriteByte(' ')
				bw.WriteString(BitName(p, i))
			}
			bw.WriteByte('\n')
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		bw.WriteString(".names")
		for j := 0; j < g.Kind.Arity(); j++ {
			bw.WriteByte(' ')
			bw.WriteString(names[g.In[j]])
		}
		bw.WriteByte(' ')
		bw.WriteString(names[g.Out])
		bw.WriteByte('\n')
		bw.WriteString(covers[g.Kind])
	}
	for _, p := range n.Ports {
		if p.Dir != circuits.Output {
			continue
		}
		for i, b := range p.Bits {
			if name := BitName(p, i); names[b] != name {
				fmt.Fprintf(bw, ".names %s %s\n1 1\n", names[b], name)
			}
		}
	}
	bw.WriteString(".end\n")
	return bw.Flush()
}

// covers holds the cover rows of each gate kind over its inputs in order
// (MUX: select, data0, data1).
var covers = [...]string{
	circuits.Const0: "",
	circuits.Const1: "1\n",
	circuits.Buf:    "1 1\n",
	circuits.Not:    "0 1\n",
	circuits.And:    "11 1\n",
	circuits.Or:     "1- 1\n-1 1\n",
	circuits.Xor:    "01 1\n10 1\n",
	circuits.Nand:   "0- 1\n-0 1\n",
	circuits.Nor:    "00 1\n",
	circuits.Xnor:   "00 1\n11 1\n",
	circuits.Mux:    "01- 1\n1-1 1\n",
}

// BitName is the name writers give bit i of port p: p.Name for a one-bit
// port with Lsb 0, else p.Name[Lsb+i] (the declared index, so that an
// output [15:8] O is written O[8] ... O[15]).
func BitName(p circuits.Port, i int) string {
	if len(p.Bits) == 1 && p.Lsb == 0 {
		return p.Name
	}
	return fmt.Sprintf("%s[%d]", p.Name, p.Lsb+i)
}

// netNames names every net for writing: input bits by their port bit, the
// gate output that an output bit reads by that bit's name (the first such
// bit), every other net _nID (with more leading underscores if a port bit
// is already called so).
func netNames(n *circuits.Netlist) ([]string, error) {
	names := make([]string, n.NumNets)
	taken := map[string]bool{}
	for _, p := range n.Ports {
		for i := range p.Bits {
			s := BitName(p, i)
			if s == "" || strings.ContainsAny(s, " \t\r\n#\\=") {
				return nil, fmt.Errorf("blif: port bit name %q cannot be written in BLIF", s)
			}
			if taken[s] {
				return nil, fmt.Errorf("blif: two port bits are called %s", s)
			}
			taken[s] = true
		}
	}
	for _, p := range n.Ports {
		if p.Dir == circuits.Input {
			for i, b := range p.Bits {
				names[b] = BitName(p, i)
			}
		}
	}
	for _, p := range n.Ports {
		if p.Dir == circuits.Output {
			for i, b := range p.Bits {
				if names[b] == "" {
					names[b] = BitName(p, i)
				}
			}
		}
	}
	prefix := "_n"
	for {
		clash := false
		for s := range taken {
			if strings.HasPrefix(s, prefix) {
				clash = true
				break
			}
		}
		if !clash {
			break
		}
		prefix = "_" + prefix
	}
	for id := range names {
		if names[id] == "" {
			names[id] = fmt.Sprintf("%s%d", prefix, id)
		}
	}
	return names, nil
}
