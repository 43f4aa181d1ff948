#!/bin/sh
# gen-foreign-corpus.sh regenerates testdata/foreign/: the netlists that
# Yosys, ABC and hand edits make from three EvoApproxLib circuits, and
# testdata/foreign/MANIFEST.json, which says for each file how to read it
# (flags), what axmul must report (signedness, where it came from, the
# product's bit range) and its exhaustive truth: the sha256 of the lines
# "%d\n" of the product bit pattern (declared weights, bits below a
# declared range 0) for a = 0..2^n-1 (outer loop) and b = 0..2^m-1,
# written by an Icarus Verilog testbench.
#
# Usage (from the repository root):
#   AXMUL_SHARED=../shared scripts/gen-foreign-corpus.sh
#
# Needs yosys and yosys-abc (Debian package yosys), iverilog and python3.
# Every Verilog file of the corpus (the Yosys forms with Yosys's own
# simulation models simcells.v / simlib.v) is run through iverilog and its
# truth must equal its source's, else the script fails. The files are
# committed, so the tests run without the tools.
set -eu
SHARED=${AXMUL_SHARED:-../shared}
for tool in yosys yosys-abc iverilog vvp python3; do
	command -v "$tool" >/dev/null || { echo "gen-foreign-corpus: $tool not found" >&2; exit 1; }
done
exec python3 - "$SHARED" <<'EOF'
import hashlib, json, os, re, shutil, subprocess, sys, tempfile

shared = sys.argv[1]
out = os.path.join("testdata", "foreign")
if not os.path.isfile("go.mod"):
    sys.exit("gen-foreign-corpus: run from the repository root")
datdir = "/usr/share/yosys"
if shutil.which("yosys-config"):
    datdir = subprocess.run(["yosys-config", "--datdir"], capture_output=True, text=True).stdout.strip() or datdir
tmp = tempfile.mkdtemp(prefix="axmul-foreign-")
if os.path.isdir(out):
    shutil.rmtree(out)
os.makedirs(out)

SRC = {
    "mul8u_0AB": "evoapprox/v2022/8x8_unsigned/mul8u_0AB.v",
    "mul8s_1KV8": "evoapprox/v2022/8x8_signed/mul8s_1KV8.v",
    "mul12u_2DA": "evoapprox/v2022/12x12_unsigned/mul12u_2DA.v",
}
LIB = {"gscl45nm": "cells/gscl45nm.lib", "osu018": "cells/osu018_stdcells.lib"}
entries = []

def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("gen-foreign-corpus: %s failed:\n%s%s" % (" ".join(cmd), r.stdout[-3000:], r.stderr[-3000:]))
    return r.stdout

def yosys(script):
    run(["yosys", "-q", "-p", script])

def src(name):
    return os.path.join(shared, SRC[name])

def add(file, source, needs=(), liberty="", ports="", ties=(), signed=False, signed_from="module",
        o_range="[15:0]", same=True, width=8, tb=None, top="", note=""):
    """Record one corpus file. same: its metrics equal its source's.
    tb: (module file list, top, a, b, o, lsb, ties) for the iverilog truth."""
    entries.append(dict(file=file, source=SRC.get(source, ""), same_as_source=same, needs=list(needs),
                        liberty=LIB.get(liberty, ""), ports=ports, ties=list(ties), signed=signed,
                        signed_from=signed_from, o_range=o_range, note=note, flags=[],
                        _tb=tb, _width=width, _top=top or source))

def truth(files, top, a, b, o, lsb, ties, width):
    """Exhaustive iverilog truth of module top: sha256 of its product lines."""
    n = width
    tie_decl = "".join("  reg %s = 1'b%s;\n" % (t.split("=")[0], t.split("=")[1]) for t in ties)
    tie_conn = "".join(", .%s(%s)" % (t.split("=")[0], t.split("=")[0]) for t in ties)
    oexpr = "{%s, %d'b0}" % (o, lsb) if lsb else o
    tb = """`timescale 1ns/1ps
module tb;
  reg [%(n1)d:0] a; reg [%(n1)d:0] b;
  wire [%(ow)d:0] %(o)s;
%(tie_decl)s  %(top)s dut(.%(pa)s(a), .%(pb)s(b), .%(po)s(%(o)s)%(tie_conn)s);
  integer i, j, fd;
  initial begin
    fd = $fopen("%(path)s", "w");
    for (i = 0; i < %(N)d; i = i + 1)
      for (j = 0; j < %(N)d; j = j + 1) begin
        a = i; b = j; #1;
        $fwrite(fd, "%%0d\\n", %(oexpr)s);
      end
    $fclose(fd);
    $finish;
  end
endmodule
""" % dict(n1=n - 1, ow=2 * n - 1 - lsb, o=o, tie_decl=tie_decl, top=top, pa=a, pb=b, po=o,
           tie_conn=tie_conn, path=os.path.join(tmp, "tt.txt"), N=1 << n, oexpr=oexpr)
    tbf = os.path.join(tmp, "tb.v")
    open(tbf, "w").write(tb)
    exe = os.path.join(tmp, "tb.vvp")
    run(["iverilog", "-g2005", "-o", exe, tbf] + files)
    run(["vvp", "-n", exe])
    data = open(os.path.join(tmp, "tt.txt"), "rb").read()
    if b"x" in data or b"z" in data:
        sys.exit("gen-foreign-corpus: %s: x/z on the product" % top)
    return hashlib.sha256(data).hexdigest()

# --- Yosys and ABC forms of the two 8x8 circuits ----------------------------
# mul8u_0AB gets every form; mul8s_1KV8 (signed, with PDKGEN submodules)
# a subset, to keep the corpus small.
FULL = {"mul8u_0AB": None, "mul8s_1KV8": {"yosys-expr.v", "yosys-synth.v", "gscl45nm.v", "yosys-lut.blif", "aag", "aig"}}
for name, keep in FULL.items():
    s, signed = src(name), name.startswith("mul8s")
    p = lambda form: os.path.join(out, "%s.%s" % (name, form))
    want = lambda form: keep is None or form in keep
    rd = "read_verilog %s; hierarchy -top %s; " % (s, name)
    syn = rd + "synth -flatten -top %s; " % name
    if want("yosys-expr.v"):
        yosys(rd + "proc; flatten; opt_clean; write_verilog -noattr %s" % p("yosys-expr.v"))
        add(name + ".yosys-expr.v", name, signed=signed)
    if want("yosys-noexpr.v"):
        yosys(rd + "proc; flatten; opt_clean; write_verilog -noattr -noexpr %s" % p("yosys-noexpr.v"))
        add(name + ".yosys-noexpr.v", name, needs=["yosys-coarse"], signed=signed, note="coarse cells $and, $xor, ...")
    if want("yosys-techmap.v"):
        yosys(rd + "proc; flatten; techmap; opt -fast; write_verilog -noattr -noexpr %s" % p("yosys-techmap.v"))
        add(name + ".yosys-techmap.v", name, needs=["yosys-gates"], signed=signed, note="techmap only: $_AND_, $_XOR_, ...")
    if want("yosys-synth.v"):
        yosys(syn + "write_verilog -noattr %s" % p("yosys-synth.v"))
        add(name + ".yosys-synth.v", name, signed=signed)
    if want("yosys-attrs.v"):
        yosys(syn + "write_verilog %s" % p("yosys-attrs.v"))
        add(name + ".yosys-attrs.v", name, signed=signed, note="synthesised, with (* src *) attributes")
    if want("yosys-splitnets.v"):
        yosys(syn + "splitnets -ports; write_verilog -noattr %s" % p("yosys-splitnets.v"))
        add(name + ".yosys-splitnets.v", name, signed=signed, note="bit-blasted ports \\A[0] ...")
    for lib in ["gscl45nm", "osu018"]:
        if want(lib + ".v"):
            lf = os.path.join(shared, LIB[lib])
            yosys(syn + "dfflibmap -liberty %s; abc -liberty %s; opt_clean; write_verilog -noattr %s" % (lf, lf, p(lib + ".v")))
            add("%s.%s.v" % (name, lib), name, liberty=lib, signed=signed, tb=False, note="mapped to " + lib)
    yosys(rd + "synth -flatten -top %s -lut 4; write_blif %s" % (name, p("yosys-lut.blif")))
    add(name + ".yosys-lut.blif", name, needs=["blif"], signed=signed, note=".names covers")
    if want("yosys-gates.blif"):
        yosys(syn + "write_blif -icells -gates %s" % p("yosys-gates.blif"))
        add(name + ".yosys-gates.blif", name, needs=["blif", "blif-yosys-cells"], signed=signed,
            note=".gate lines with Yosys's internal cells ($_AND_, $_NOT_, ...)")
    if want("yosys.json"):
        yosys(syn + "write_json %s" % p("yosys.json"))
        add(name + ".yosys.json", name, needs=["yosys-json"], signed=signed)
    yosys(syn + "aigmap; write_aiger -ascii -symbols %s; write_aiger -symbols %s" % (p("aag"), p("aig")))
    add(name + ".aag", name, needs=["aiger"], note="AIGER keeps no module name: signedness from the file name")
    add(name + ".aig", name, needs=["aiger"], note="binary AIGER: signedness from the file name")
    if want("abc.v"):
        # ABC: the LUT BLIF, strashed and optimised (dc2), written as
        # Verilog (bit-blasted ports) and BLIF.
        run(["yosys-abc", "-c", "read_blif %s; strash; dc2; write_verilog %s; write_blif %s" % (p("yosys-lut.blif"), p("abc.v"), p("abc.blif"))])
        add(name + ".abc.v", name, signed=signed, note="ABC write_verilog: bit-blasted ports")
        add(name + ".abc.blif", name, needs=["blif"], signed=signed, note="ABC write_blif")
        # The same with the A_0_ port style of tools that cannot write brackets.
        t = open(p("abc.v")).read()
        t = re.sub(r"\\([ABO])\[(\d+)\] ", r"\1_\2_ ", t)
        open(p("abc-underscore.v"), "w").write(t)
        add(name + ".abc-underscore.v", name, signed=signed, note="ports A_0_ ...")
        # ABC stamps the date into its header: drop it so that a rerun
        # gives the same files.
        for form in ["abc.v", "abc.blif", "abc-underscore.v"]:
            t = open(p(form)).read()
            open(p(form), "w").write(re.sub(r"written by ABC on .*", "written by ABC", t))
    if not want("yosys-lut.blif"):
        os.remove(p("yosys-lut.blif"))

# Not flattened: mul8s_1KV8 keeps its PDKGENHAX1/FAX1 submodules.
name = "mul8s_1KV8"
yosys("read_verilog %s; hierarchy -top %s; proc; opt_clean; write_verilog -noattr %s" % (src(name), name, os.path.join(out, name + ".yosys-hier.v")))
add(name + ".yosys-hier.v", name, signed=True, note="hierarchy kept")

# AIGER carries no module name: signedness comes from the file name.
for e in entries:
    if e["file"].endswith((".aag", ".aig")):
        e["signed"], e["signed_from"] = e["file"].startswith("mul8s"), "file"

# 12x12 for the performance acceptance (a Yosys-written file vs the original).
name = "mul12u_2DA"
yosys("read_verilog %s; hierarchy -top %s; proc; flatten; opt_clean; write_verilog -noattr %s" % (src(name), name, os.path.join(out, name + ".yosys-expr.v")))
add(name + ".yosys-expr.v", name, width=12, o_range="[23:0]", tb=False, note="12x12 (truth from the original only)")

# --- Hand-written variants ---------------------------------------------------
def body(name):
    return open(src(name)).read()

def hand(file, text, **kw):
    open(os.path.join(out, file), "w").write(text)
    add(file, kw.pop("source"), **kw)

def split(name):
    """Comments before the module, its body after the port declarations,
    and the modules after it."""
    text = body(name)
    m = re.search(r"module\s+%s\s*\(.*?\);" % name, text, re.S)
    d = re.search(r"output\s*\[15:0\]\s*O\s*;", text[m.end():])
    start = m.end() + d.end()
    end = text.index("endmodule", start)
    return text[:m.start()], text[start:end], text[end + len("endmodule"):]

def variant(name, header, a="A", b="B", o="O", extra=""):
    pre, bd, post = split(name)
    bd = re.sub(r"\bA\[", a + "[", bd)
    bd = re.sub(r"\bB\[", b + "[", bd)
    bd = re.sub(r"\bO\[", o + "[", bd)
    return pre + header + bd + extra + "endmodule" + post

hand("ports-abp.v", variant("mul8u_0AB", "module mymul(a, b, p);\n  input [7:0] a;\n  input [7:0] b;\n  output [15:0] p;\n", "a", "b", "p"),
     top="mymul", source="mul8u_0AB", signed_from="default", note="ports a, b, p: declaration order")
hand("ports-yxz.v", variant("mul8u_0AB", "module mymul(Y, X, Z);\n  input [7:0] Y;\n  input [7:0] X;\n  output [15:0] Z;\n", "Y", "X", "Z"),
     top="mymul", source="mul8u_0AB", signed_from="default", note="ports Y, X, Z: first input Y plays A")
hand("ports-swapped.v", variant("mul8u_0AB", "module mymul(Y, X, Z);\n  input [7:0] Y;\n  input [7:0] X;\n  output [15:0] Z;\n", "X", "Y", "Z"),
     top="mymul", source="mul8u_0AB", ports="X,Y,Z", signed_from="default", note="Y is declared first but X plays A: needs --ports X,Y,Z")
hand("ports-bao.v", variant("mul8u_0AB", "module mul8u_0AB(B, A, O);\n  input [7:0] B;\n  input [7:0] A;\n  output [15:0] O;\n"),
     source="mul8u_0AB", note="header lists B first: names win over order")
hand("clk-en.v", variant("mul8u_0AB", "module gated(clk, en, A, B, O);\n  input clk;\n  input en;\n  input [7:0] A;\n  input [7:0] B;\n  output [15:0] O;\n  wire [15:0] P;\n",
                         o="P", extra="  assign O = en ? P : 16'd0;\n"),
     top="gated", source="mul8u_0AB", ties=["clk=0", "en=1"], signed_from="default", note="extra inputs: --tie clk=0 --tie en=1")
signed_hdr = "module %s(A, B, O);\n  input signed [7:0] A;\n  input signed [7:0] B;\n  output [15:0] O;\n"
hand("synth_out.v", variant("mul8s_1KV8", signed_hdr % "synth_out"), top="synth_out", source="mul8s_1KV8", signed=True, signed_from="ports",
     note="signed ports, no name rule")
hand("synth_out_mod.v", body("mul8s_1KV8"), source="mul8s_1KV8", signed=True, signed_from="module",
     note="module mul8s_1KV8 in a file not named mulNs")
hand("signed-conflict.v", variant("mul8s_1KV8", signed_hdr % "mul8u_conflict"), top="mul8u_conflict", source="mul8s_1KV8", signed=True, signed_from="ports",
     note="module name says unsigned, ports say signed: warning, ports win")
hand("dead-x.v", variant("mul8u_0AB", "module mul8u_0AB(A, B, O);\n  input [7:0] A;\n  input [7:0] B;\n  output [15:0] O;\n  wire dead;\n  wire [3:0] dz;\n",
                         extra="  assign dead = 1'bx;\n  assign dz = {2'b1x, dead, 1'bz};\n"),
     source="mul8u_0AB", needs=["xz"], note="x/z literals on dead wires")
hand("hi8.v", body("mul8u_0AB") + """
module mul8u_hi8(A, B, O);
  input [7:0] A;
  input [7:0] B;
  output [15:8] O;
  wire [15:0] full;
  mul8u_0AB u(.A(A), .B(B), .O(full));
  assign O = full[15:8];
endmodule
""", top="mul8u_hi8", source="mul8u_0AB", same=False, o_range="[15:8]", signed_from="module",
     note="output [15:8]: declared bit weights; top mul8u_hi8")

# --- Truth ---------------------------------------------------------------
sim_models = [os.path.join(datdir, "simcells.v"), os.path.join(datdir, "simlib.v")]
source_truth = {}
for name in ["mul8u_0AB", "mul8s_1KV8"]:
    source_truth[name] = truth([src(name)], name, "A", "B", "O", 0, [], 8)
READER = {".blif": "read_blif", ".aag": "read_aiger", ".aig": "read_aiger", ".json": "read_json", ".v": "read_verilog"}
for e in entries:
    f = e["file"]
    path = os.path.join(out, f)
    srcname = next((k for k, v in SRC.items() if v == e["source"]), "")
    if e["_width"] != 8:
        e["truth"], e["truth_by"] = "", "none: compared with the original under AXMUL_SHARED only (2^24 pairs)"
        continue
    tie_names = [t.split("=")[0] for t in e["ties"]]
    a, b, o = (e["ports"].split(",") if e["ports"] else ("", "", ""))
    lsb = int(e["o_range"].split(":")[1].rstrip("]"))
    top = e["_top"]
    files = [path]
    e["truth_by"] = "iverilog on this file"
    if not f.endswith(".v") or e["liberty"]:
        # Other formats and cell netlists: Yosys reads the file (cell
        # functions from the Liberty file), writes it as Verilog, and
        # iverilog runs that.
        conv = os.path.join(tmp, "conv.v")
        ext = os.path.splitext(f)[1]
        pre = "read_liberty %s; " % os.path.join(shared, e["liberty"]) if e["liberty"] else ""
        yosys(pre + "%s %s; hierarchy -auto-top; flatten; rename -top dut_top; opt_clean; write_verilog -noattr %s" % (READER[ext], path, conv))
        files, top = [conv], "dut_top"
        e["truth_by"] = "yosys %s%s, write_verilog, iverilog" % ("read_liberty, " if e["liberty"] else "", READER[ext])
    text = open(files[0]).read()
    hdr = re.search(r"^module\s+\\?%s\s*\((.*?)\);" % re.escape(top), text, re.M | re.S).group(1)
    names = [x.strip().lstrip("\\") for x in hdr.split(",")]
    if "[" in "".join(names) or re.search(r"\b[ABO]_\d+_\b", hdr):
        # Bit-blasted ports: a wrapper regroups them into buses.
        bit = lambda base, i: ("\\%s[%d] " % (base, i)) if "[" in hdr else "%s_%d_" % (base, i)
        conns = [".%s(A[%d])" % (bit("A", i), i) for i in range(8)] + [".%s(B[%d])" % (bit("B", i), i) for i in range(8)] + \
                [".%s(O[%d])" % (bit("O", i), i) for i in range(16)]
        wf = os.path.join(tmp, "wrap.v")
        open(wf, "w").write("module wrapq(input [7:0] A, input [7:0] B, output [15:0] O);\n  \\%s  u(%s);\nendmodule\n" % (top, ", ".join(conns)))
        files, top, a, b, o = files + [wf], "wrapq", "A", "B", "O"
    elif not a:
        if "A" in names and "B" in names:
            a, b = "A", "B"
            o = [x for x in names if x not in ("A", "B") + tuple(tie_names)][0]
        else:
            a, b, o = [x for x in names if x not in tie_names][:3]
    h = truth(files + sim_models, top, a, b, o, lsb, e["ties"], 8)
    if e["same_as_source"] and h != source_truth[srcname]:
        sys.exit("gen-foreign-corpus: %s: iverilog truth differs from its source %s" % (f, srcname))
    e["truth"] = h

for e in entries:
    for k in [k for k in e if k.startswith("_")]:
        del e[k]
entries.sort(key=lambda e: e["file"])
manifest = {
    "about": "Corpus of foreign netlists written by scripts/gen-foreign-corpus.sh (Yosys 0.23, ABC, hand edits) from EvoApproxLib circuits. truth: sha256 of the lines '%d\\n' of the product bit pattern (declared weights) for a = 0..2^n-1 (outer), b = 0..2^m-1 (inner). source: the original under AXMUL_SHARED. needs: reader features beyond structural Verilog.",
    "files": entries,
}
with open(os.path.join(out, "MANIFEST.json"), "w") as fh:
    json.dump(manifest, fh, indent=1)
    fh.write("\n")
shutil.rmtree(tmp)
print("wrote %d files to %s" % (len(entries), out))
EOF
