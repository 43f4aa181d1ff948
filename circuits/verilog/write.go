package verilog

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/axmul/axmul/circuits"
)

// Write writes n as one structural Verilog module with the netlist's ports
// as buses (input [7:0] A, ..., output [15:0] O; bit i declared
// [Lsb+i], so output [15:8] O stays so; signed ports declared signed), a wire and a continuous assignment per gate in
// topological order (operators ~ & | ^ and ?:), and an assignment per
// output bit. Names that are not plain Verilog identifiers are written as
// escaped identifiers. Library-cell structure is not kept. The output reads
// back with Parse, iverilog and Yosys.
func Write(w io.Writer, n *circuits.Netlist) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("verilog: %w", err)
	}
	order, err := n.TopoOrder()
	if err != nil {
		return fmt.Errorf("verilog: %w", err)
	}
	for _, p := range n.Ports {
		if p.Name == "" || strings.ContainsAny(p.Name, " \t\r\n\f\v") {
			return fmt.Errorf("verilog: port name %q cannot be written", p.Name)
		}
	}
	prefix := "_n"
	for clash := true; clash; {
		clash = false
		for _, p := range n.Ports {
			if strings.HasPrefix(p.Name, prefix) {
				clash = true
				prefix = "_" + prefix
				break
			}
		}
	}
	expr := make([]string, n.NumNets)
	for _, p := range n.Ports {
		if p.Dir != circuits.Input {
			continue
		}
		id := writeIdent(p.Name)
		for i, b := range p.Bits {
			if scalar(p) {
				expr[b] = id
			} else {
				expr[b] = fmt.Sprintf("%s[%d]", id, p.Lsb+i)
			}
		}
	}
	bw := bufio.NewWriter(w)
	name := n.Name
	if name == "" || strings.ContainsAny(name, " \t\r\n\f\v") {
		name = "top"
	}
	fmt.Fprintf(bw, "// written by axmul\nmodule %s (", writeIdent(name))
	for i, p := range n.Ports {
		if i > 0 {
			bw.WriteString(", ")
		}
		bw.WriteString(writeIdent(p.Name))
	}
	bw.WriteString(");\n")
	for _, p := range n.Ports {
		dir := "input"
		if p.Dir == circuits.Output {
			dir = "output"
		}
		if p.Signed {
			dir += " signed"
		}
		if scalar(p) {
			fmt.Fprintf(bw, "  %s %s;\n", dir, writeIdent(p.Name))
		} else {
			fmt.Fprintf(bw, "  %s [%d:%d] %s;\n", dir, p.Lsb+len(p.Bits)-1, p.Lsb, writeIdent(p.Name))
		}
	}
	// Wires declared ten to a line, then one assignment per gate.
	for i, gi := range order {
		switch {
		case i%10 == 0:
			bw.WriteString("  wire ")
		default:
			bw.WriteString(", ")
		}
		fmt.Fprintf(bw, "%s%d", prefix, n.Gates[gi].Out)
		if i%10 == 9 || i == len(order)-1 {
			bw.WriteString(";\n")
		}
	}
	for _, gi := range order {
		g := n.Gates[gi]
		wire := fmt.Sprintf("%s%d", prefix, g.Out)
		var in [3]string
		for j := 0; j < g.Kind.Arity(); j++ {
			in[j] = expr[g.In[j]]
		}
		var rhs string
		switch g.Kind {
		case circuits.Const0:
			rhs = "1'b0"
		case circuits.Const1:
			rhs = "1'b1"
		case circuits.Buf:
			rhs = in[0]
		case circuits.Not:
			rhs = "~" + in[0]
		case circuits.And:
			rhs = in[0] + " & " + in[1]
		case circuits.Or:
			rhs = in[0] + " | " + in[1]
		case circuits.Xor:
			rhs = in[0] + " ^ " + in[1]
		case circuits.Nand:
			rhs = "~(" + in[0] + " & " + in[1] + ")"
		case circuits.Nor:
			rhs = "~(" + in[0] + " | " + in[1] + ")"
		case circuits.Xnor:
			rhs = "~(" + in[0] + " ^ " + in[1] + ")"
		case circuits.Mux:
			rhs = in[0] + " ? " + in[2] + " : " + in[1]
		default:
			return fmt.Errorf("verilog: gate kind %v cannot be written", g.Kind)
		}
		fmt.Fprintf(bw, "  assign %s = %s;\n", wire, rhs)
		expr[g.Out] = wire
	}
	for _, p := range n.Ports {
		if p.Dir != circuits.Output {
			continue
		}
		id := writeIdent(p.Name)
		for i, b := range p.Bits {
			if scalar(p) {
				fmt.Fprintf(bw, "  assign %s = %s;\n", id, expr[b])
			} else {
				fmt.Fprintf(bw, "  assign %s[%d] = %s;\n", id, p.Lsb+i, expr[b])
			}
		}
	}
	bw.WriteString("endmodule\n")
	return bw.Flush()
}

// scalar reports whether p is written without a range: one bit, Lsb 0.
func scalar(p circuits.Port) bool { return len(p.Bits) == 1 && p.Lsb == 0 }

// writeIdent returns name as a simple identifier when it is one (and not a
// keyword), else as an escaped identifier (backslash, name, space).
func writeIdent(name string) string {
	simple := name != "" && !writeKeywords[name]
	for i := 0; i < len(name) && simple; i++ {
		c := name[i]
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '$'):
		default:
			simple = false
		}
	}
	if simple {
		return name
	}
	return `\` + name + " "
}

// writeKeywords are the Verilog-2005 keywords a port or module could be
// called in another format (read-only after initialisation).
var writeKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign
		default defparam design disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive
		endspecify endtable endtask event for force forever fork function generate genvar highz0 highz1 if ifnone
		incdir include initial inout input instance integer join large liblist library localparam macromodule medium
		module nand negedge nmos nor noshowcancelled not notif0 notif1 or output parameter pmos posedge primitive pull0
		pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect rcmos real realtime reg release repeat rnmos rpmos
		rtran rtranif0 rtranif1 scalared showcancelled signed small specify specparam strong0 strong1 supply0 supply1
		table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg unsigned use uwire vectored wait wand
		weak0 weak1 while wire wor xnor xor`) {
		m[k] = true
	}
	return m
}()
