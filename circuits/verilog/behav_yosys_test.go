package verilog

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/axmul/axmul/circuits"
)

// yosysCells synthesises the top module of file with Yosys (synth
// -flatten; abc -g AND,OR,XOR,MUX) and returns its number of cells.
func yosysCells(file, top string) (int, error) {
	script := fmt.Sprintf("read_verilog -sv -I %s %s; synth -flatten -top %s; abc -g AND,OR,XOR,MUX; tee -o /dev/stdout stat", filepath.Dir(file), file, top)
	out, err := exec.Command("yosys", "-q", "-p", script).CombinedOutput()
	if err != nil {
		msg := string(out)
		if i := strings.Index(msg, "ERROR:"); i >= 0 {
			msg = strings.TrimSpace(msg[i:])
		}
		return 0, fmt.Errorf("yosys: %v: %s", err, msg)
	}
	m := regexp.MustCompile(`Number of cells:\s+(\d+)`).FindAllStringSubmatch(string(out), -1)
	if len(m) == 0 {
		return 0, fmt.Errorf("yosys: no cell count in %q", out)
	}
	return strconv.Atoi(m[len(m)-1][1])
}

// logicGates counts the gates of nl that compute something (Yosys counts
// neither buffers nor constants as cells).
func logicGates(nl *circuits.Netlist) int {
	n := 0
	for _, g := range nl.Gates {
		switch g.Kind {
		case circuits.Buf, circuits.Const0, circuits.Const1:
		default:
			n++
		}
	}
	return n
}

// TestBehavGateCounts compares the gate counts of the elaborated
// behavioural designs with Yosys's synth -flatten; abc -g AND,OR,XOR,MUX
// on the same files: at most 1.5 times as many. It needs yosys; designs
// Yosys 0.23 cannot read are logged. With -short it takes a sample of the
// generator families' RTL.
func TestBehavGateCounts(t *testing.T) {
	if _, err := exec.LookPath("yosys"); err != nil {
		t.Skip("yosys not installed: gate counts not compared")
	}
	type job struct {
		name, file, top string
		nl              *circuits.Netlist
	}
	var jobs []job
	files, _ := filepath.Glob(filepath.Join(behavDir, "*.v"))
	for _, f := range files {
		nl, err := ParseFile(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(f)
		jobs = append(jobs, job{filepath.Base(f), abs, nl.Name, nl})
	}
	dir := t.TempDir()
	for _, c := range genCases(t) {
		switch c.spec.Name {
		case "mul8u_exact", "mul8s_exact", "mul8u_trunc5c", "mul8s_bam_h2v3", "mul8u_drum4", "mul8s_drum4", "mul8u_mitchell", "mul8s_mitchell":
		default:
			if testing.Short() {
				continue // a sample keeps the test short
			}
		}
		_, src := behavGenSource(t, c)
		f := filepath.Join(dir, c.spec.Name+".v")
		if err := os.WriteFile(f, src, 0o644); err != nil {
			t.Fatal(err)
		}
		nl, err := Parse(f, src, Options{Top: "top"})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{c.spec.Name + " (gen/multipliers.v)", f, "top", nl})
	}
	cells := make([]int, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cells[i], errs[i] = yosysCells(j.file, j.top)
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		ours := logicGates(j.nl)
		if errs[i] != nil {
			t.Logf("%-32s axmul %5d gates; Yosys 0.23 cannot read it: %v", j.name, ours, errs[i])
			continue
		}
		ratio := float64(ours) / float64(max(cells[i], 1))
		t.Logf("%-32s axmul %5d gates, yosys %5d cells, ratio %.2f", j.name, ours, cells[i], ratio)
		if ratio > 1.5 {
			t.Errorf("%s: %d gates, more than 1.5 times Yosys's %d", j.name, ours, cells[i])
		}
	}
}
