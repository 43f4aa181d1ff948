#!/usr/bin/env python3
"""Run the digits example end to end and print the results table.

  python3 examples/digits/run.py [--axmul BIN] [--shared ../shared] [--work DIR]
                                 [--lams 0.01,0.1,0.3] [--finetune 2]

Trains the CNN (digits.py train), learns noise tolerances for every lam
(digits.py noise, which exports the layers with scripts/export_layers.py),
builds the libraries with `axmul gen` (the built-in one, and the EvoApproxLib
v2022 mul8u and mul8s circuits when --shared has them), then per lam, library
and selection variant (agnapprox's std criterion and the channel criterion,
each with the activations on port A and with --orientation best) runs
`axmul select --samples all`,
`axmul deploy`, `axmul validate` (measured/predicted std per layer) and
measures the test accuracy of approximate int8 inference with the deployed
LUTs, before and after approximate fine-tuning (digits.py evaluate). Everything lands in
--work; results.json there holds all figures.

Energy is reported two ways: agnapprox's relative energy (1 = the most
expensive multiplier of the library in every layer) and the energy relative
to the library's exact multiplier (the circuit with MAE 0) in every layer,
both weighted by the layers' multiplication counts.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"run.py: {' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def py(*args):
    out = sh([sys.executable, os.path.join(HERE, "digits.py"), *args])
    return json.loads(out.strip().splitlines()[-1])


def exact_metric(lib, metric):
    """The metric of the library's exact multiplier (MAE 0)."""
    with open(os.path.join(lib, "index.json")) as fh:
        idx = json.load(fh)
    for m in idx["multipliers"]:
        if m["metrics"]["mae"] == 0:
            if metric == "power":
                return m["published"]["power_mw"]["value"], m["name"]
            return float(m["gates"]), m["name"]
    return None, None


def lib_dir(work, name):
    return os.path.join(work, "lib-" + name.replace(" ", "-"))


def exact_control(axmul, work, model, lib):
    """Select with max_noise 0 in every layer (only multipliers exact on the
    layer's operands fit), deploy and evaluate: the LUT path must then give
    exactly the exact-int8 accuracy."""
    with open(model) as fh:
        m = json.load(fh)
    for layer in m["layers"]:
        layer["max_noise"] = 0.0
        for k in ("features", "weights", "outputs"):
            layer[k] = os.path.join(os.path.dirname(model), layer[k])
    path = os.path.join(work, "model-control.json")
    with open(path, "w") as fh:
        json.dump(m, fh)
    res = os.path.join(work, "result-control.json")
    dep = os.path.join(work, "deploy-control")
    sh([axmul, "select", "--model", path, "--library", lib, "--samples", "all", "-o", res])
    if not os.path.exists(os.path.join(dep, "assignment.json")):
        sh([axmul, "deploy", "--result", res, "--library", lib, "-o", dep])
    with open(res) as fh:
        r = json.load(fh)
    out = py("evaluate", "--work", work, "--deploy", dep)
    out["multipliers"] = {l["name"]: l["multiplier_name"] for l in r["layers"]}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--axmul", help="axmul binary (default: go build it)")
    ap.add_argument("--shared", default=os.environ.get("AXMUL_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--work", help="working folder (default: a new temporary one)")
    ap.add_argument("--lams", default="0.01,0.1,0.3", help="noise-loss weights, one setting each")
    ap.add_argument("--finetune", type=int, default=2, help="epochs of approximate fine-tuning (0: none)")
    args = ap.parse_args()
    shared = args.shared if os.path.isabs(args.shared) else os.path.join(ROOT, args.shared)
    work = args.work or tempfile.mkdtemp(prefix="axmul-digits-")
    os.makedirs(work, exist_ok=True)
    axmul = args.axmul
    if not axmul:
        axmul = os.path.join(work, "axmul")
        sh(["go", "build", "-o", axmul, "./cmd/axmul"], cwd=ROOT)
    has_validate = subprocess.run([axmul, "help", "validate"], capture_output=True).returncode == 0

    base = py("train", "--out", work)
    libs = {"builtin": ("gates", ["gen", "--builtin"])}
    v2022 = os.path.join(shared, "evoapprox", "v2022")
    if os.path.isdir(v2022):
        libs["v2022 mul8u"] = ("power", ["gen", "--from", v2022, "--filter", "mul8u"])
        libs["v2022 mul8s"] = ("power", ["gen", "--from", v2022, "--filter", "mul8s"])
    else:
        print(f"run.py: no {v2022}: only the built-in library", file=sys.stderr)
    for name, (_, cmd) in libs.items():
        d = lib_dir(work, name)
        if not os.path.exists(os.path.join(d, "index.json")):
            sh([axmul, *cmd, "-o", d])

    variants = [("std", "A")]
    if has_validate:  # the same build has --criterion and --orientation
        variants += [("std", "best"), ("channel", "A"), ("channel", "best")]
    rows = []
    control = None
    for lam in args.lams.split(","):
        noise = py("noise", "--work", work, "--out", os.path.join(work, f"model-{lam}"), "--lam", lam)
        model = os.path.join(work, f"model-{lam}", "model.json")
        for name, (metric, _) in libs.items():
            lib = lib_dir(work, name)
            for criterion, orientation in variants:
                tag = f"{lam}-{name.replace(' ', '-')}-{criterion}-{orientation}"
                res = os.path.join(work, f"result-{tag}.json")
                dep = os.path.join(work, f"deploy-{tag}")
                sel = [axmul, "select", "--model", model, "--library", lib, "--samples", "all", "-o", res]
                if has_validate:
                    sel += ["--criterion", criterion, "--orientation", orientation]
                sh(sel)
                if not os.path.exists(os.path.join(dep, "assignment.json")):
                    sh([axmul, "deploy", "--result", res, "--library", lib, "-o", dep])
                with open(res) as fh:
                    r = json.load(fh)
                em, ename = exact_metric(lib, metric)
                vs_exact = None
                if em:
                    vs_exact = sum(l["opcount"] / r["opcount"] * l["multiplier_performance_metric"] / em
                                   for l in r["layers"])
                row = {
                    "lam": float(lam), "sigma": noise["sigma"], "library": name, "metric": metric,
                    "criterion": criterion, "orientation": orientation,
                    "multipliers": {l["name"]: l["multiplier_name"] + ("(B)" if l.get("activation_port") == "B" else "")
                                    for l in r["layers"]},
                    "relative_energy": r["relative_energy_consumption"],
                    "energy_vs_exact": vs_exact, "exact_multiplier": ename,
                }
                ev = ["evaluate", "--work", work, "--deploy", dep]
                if args.finetune:
                    ev += ["--finetune", str(args.finetune)]
                row.update(py(*ev))
                if has_validate:
                    v = json.loads(sh([axmul, "validate", "--model", model, "--library", lib, "--result", res,
                                       "--samples", "all", "--format", "json"]))
                    row["validate"] = {x["layer"]: {"ratio": x["ratio"], "fit_ratio": x["fit_ratio"],
                                                   "constant_channels": len(x["constant_channels"] or [])}
                                       for x in v["validations"]}
                rows.append(row)
        if control is None:
            control = exact_control(axmul, work, model, lib_dir(work, "builtin"))
    out = {"float_accuracy": base["float_accuracy"], "int8_accuracy": base["int8_accuracy"],
           "control": control, "runs": rows}
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump(out, fh, indent=2)

    print(f"float accuracy {100 * base['float_accuracy']:.2f} %, exact int8 {100 * base['int8_accuracy']:.2f} % "
          f"(test set of 450 images); work folder {work}\n")
    c = control
    print(f"control (max_noise 0, built-in library: {', '.join(c['multipliers'].values())}): "
          f"LUT accuracy {100 * c['approx_accuracy']:.2f} % = exact int8 {100 * c['int8_accuracy']:.2f} %\n")
    print("| lam | sigma conv1 / conv2 / fc | library | criterion / orientation | multipliers conv1 / conv2 / fc | "
          "approx acc % | loss pp | fine-tuned acc % | energy vs exact | agnapprox relative energy | "
          "measured/predicted std conv1 / conv2 / fc |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for w in rows:
        s = " / ".join(f"{w['sigma'][k]:.3f}" for k in ("conv1", "conv2", "fc"))
        m = " / ".join(w["multipliers"][k] for k in ("conv1", "conv2", "fc"))
        ft = f"{100 * w['finetuned_accuracy']:.2f}" if "finetuned_accuracy" in w else "-"
        ve = f"{w['energy_vs_exact']:.3f}" if w["energy_vs_exact"] is not None else "-"
        vr = "-"
        if "validate" in w:
            vr = " / ".join(f"{w['validate'][k]['ratio']:.2f}" + ("!" if w["validate"][k]["constant_channels"] else "")
                            for k in ("conv1", "conv2", "fc"))
        print(f"| {w['lam']} | {s} | {w['library']} | {w['criterion']} / {w['orientation']} | {m} | "
              f"{100 * w['approx_accuracy']:.2f} | {100 * (base['int8_accuracy'] - w['approx_accuracy']):.2f} | {ft} | "
              f"{ve} | {w['relative_energy']:.3f} | {vr} |")
    print("\n(!: validate found a channel whose approximate output is constant although the exact one is not)")


if __name__ == "__main__":
    main()
