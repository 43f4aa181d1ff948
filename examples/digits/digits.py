#!/usr/bin/env python3
"""End-to-end check of axmul's selection on a real (small) network.

Trains a small CNN (2 conv + 1 linear layer) on scikit-learn's bundled 8x8
digits (no downloads), quantises it to int8 (per-tensor symmetric scales,
TorchApprox semantics: products of int8 activations and weights, summed in
integers, scaled back, bias added), learns per-layer noise tolerances with
the gradient method of agnapprox (Gaussian noise injected at each layer's
output, std = sigma_l * std(output), sigma_l learned against a reward for
large sigmas weighted by the layer's share of multiplications), exports the
layers with scripts/export_layers.py, runs `axmul select`, `deploy` and
`validate`, and measures test accuracy with the deployed LUTs (approximate
int8 inference) before and after a few epochs of approximate fine-tuning
(forward pass through the LUTs, straight-through gradient of the exact
product).

Usage, from the repository root (needs torch, numpy, scikit-learn):

  python3 examples/digits/digits.py --work /tmp/digits \
      [--shared ../shared] [--axmul BIN] [--quick]

It prints a Markdown table and writes WORK/results.json.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Net(nn.Module):
    """conv(1->8, 3x3) relu, conv(8->16, 3x3) relu, maxpool 2, linear(256->10)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(1))


LAYERS = ("conv1", "conv2", "fc")


def load_data():
    from sklearn.datasets import load_digits

    d = load_digits()
    x = torch.tensor(d.images / 16.0, dtype=torch.float32).unsqueeze(1)
    y = torch.tensor(d.target, dtype=torch.long)
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    tr, te = perm[:1297], perm[1297:]
    return x[tr], y[tr], x[te], y[te]


def layer_input(model, name, x):
    """The float input of layer name for the batch x."""
    x = x
    if name == "conv1":
        return x
    x = F.relu(model.conv1(x))
    if name == "conv2":
        return x
    x = F.max_pool2d(F.relu(model.conv2(x)), 2)
    return x.flatten(1)


def unfold(mod, x):
    """Receptive fields [N*L, K] of a conv input (as export_layers.py)."""
    cols = F.unfold(x, mod.kernel_size, padding=mod.padding, stride=mod.stride)
    return cols.transpose(1, 2).reshape(-1, cols.shape[1]), cols.shape[2]


class QNet:
    """int8 inference of a trained Net with per-tensor scales taken (like
    export_layers.py) from the calibration batch: s_x = max|x|/127 of each
    layer's float input, s_w = max|w|/127. luts maps layer names to
    TorchApprox LUTs (int32 [256, 256], [activation, weight]); layers
    without one multiply exactly."""

    def __init__(self, model, calib):
        self.model = model
        self.sx = {}
        with torch.no_grad():
            for n in LAYERS:
                self.sx[n] = float(layer_input(model, n, calib).abs().max()) / 127.0

    def weights(self, n):
        mod = getattr(self.model, n)
        w = mod.weight.reshape(mod.weight.shape[0], -1).t()  # [K, out]
        sw = float(w.detach().abs().max()) / 127.0
        return w, sw

    def layer(self, n, x, lut=None, noise=None, ste=False):
        """Output of layer n (float, before the activation) for its float
        input x. With ste the quantisation and the LUT pass gradients
        straight through (approximate fine-tuning)."""
        mod = getattr(self.model, n)
        w, sw = self.weights(n)
        sx = self.sx[n]
        if n == "fc":
            cols, L = x, 1
        else:
            cols, L = unfold(mod, x)
        xq = quant(cols, sx, ste)
        wq = quant(w, sw, ste)
        acc = xq @ wq  # exact integer sums (float32 exact below 2^24)
        if lut is not None:
            with torch.no_grad():
                approx = lut_matmul(lut, xq.detach(), wq.detach())
            acc = acc + (approx - acc.detach())
        if noise is not None:
            acc = acc + noise * acc.detach().std() * torch.randn_like(acc)
        y = acc * (sx * sw) + mod.bias
        if n == "fc":
            return y
        side = int(round(L ** 0.5))
        return y.reshape(x.shape[0], L, -1).transpose(1, 2).reshape(x.shape[0], -1, side, side)

    def forward(self, x, luts=None, noise=None, ste=False):
        luts = luts or {}
        noise = noise or {}
        x = F.relu(self.layer("conv1", x, luts.get("conv1"), noise.get("conv1"), ste))
        x = F.max_pool2d(F.relu(self.layer("conv2", x, luts.get("conv2"), noise.get("conv2"), ste)), 2)
        return self.layer("fc", x.flatten(1), luts.get("fc"), noise.get("fc"), ste)


def quant(t, s, ste):
    q = torch.clamp(torch.round(t / s), -128, 127)
    if ste:
        return t / s + (q - t / s).detach()
    return q


def lut_matmul(lut, xq, wq, chunk=4096):
    """Σ_k lut[x_ik, w_kj] with int8 operands given as float tensors."""
    xi = (xq.to(torch.int64) & 255) << 8
    wi = wq.to(torch.int64) & 255
    flat = lut.reshape(-1).to(torch.int64)
    out = []
    for lo in range(0, xi.shape[0], chunk):
        idx = xi[lo:lo + chunk, :, None] | wi[None, :, :]
        out.append(flat[idx].sum(1))
    return torch.cat(out).to(torch.float32)


def accuracy(logits, y):
    return float((logits.argmax(1) == y).float().mean())


def train_float(xtr, ytr, epochs):
    torch.manual_seed(1)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(epochs):
        perm = torch.randperm(len(ytr))
        for lo in range(0, len(ytr), 64):
            b = perm[lo:lo + 64]
            opt.zero_grad()
            F.cross_entropy(model(xtr[b]), ytr[b]).backward()
            opt.step()
    return model


def opcounts(model):
    """Multiplications per sample of every layer."""
    return {"conv1": 64 * 8 * 9, "conv2": 64 * 16 * 72, "fc": 10 * 256}


def learn_tolerances(q, xtr, ytr, lam, epochs):
    """agnapprox's gradient search: Gaussian noise of std sigma_l·std(acc_l)
    is added to each layer's integer output acc_l, and log sigma_l is
    learned by SGD with the weights frozen against a reward for large
    tolerances weighted by the layers' shares of the multiplications:
    loss = CE - lam · Σ_l share_l · log sigma_l. The expected gradient of the
    CE term grows with sigma_l, so each sigma_l settles where the accuracy
    cost of more noise balances the energy reward."""
    torch.manual_seed(2)
    ops = opcounts(q.model)
    total = sum(ops.values())
    logs = {n: torch.tensor(-3.0, requires_grad=True) for n in LAYERS}
    opt = torch.optim.SGD(list(logs.values()), lr=0.5)
    for p in q.model.parameters():
        p.requires_grad_(False)
    for _ in range(epochs):
        perm = torch.randperm(len(ytr))
        for lo in range(0, len(ytr), 128):
            b = perm[lo:lo + 128]
            opt.zero_grad()
            noise = {n: logs[n].exp() for n in LAYERS}
            loss = F.cross_entropy(q.forward(xtr[b], noise=noise), ytr[b])
            loss = loss - lam * sum(ops[n] / total * logs[n] for n in LAYERS)
            loss.backward()
            opt.step()
    for p in q.model.parameters():
        p.requires_grad_(True)
    return {n: float(logs[n].exp()) for n in LAYERS}


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def load_luts(deploy):
    with open(os.path.join(deploy, "assignment.json")) as fh:
        asg = json.load(fh)
    return {l["name"]: torch.tensor(np.load(os.path.join(deploy, l["lut"])).astype(np.int64)) for l in asg["layers"]}


def finetune(q, luts, xtr, ytr, epochs):
    """A few epochs with the chosen LUTs in the forward pass (straight-
    through gradient of the exact product), on a copy of the model."""
    import copy

    q2 = copy.copy(q)
    q2.model = copy.deepcopy(q.model)
    opt = torch.optim.Adam(q2.model.parameters(), lr=1e-3)
    torch.manual_seed(3)
    for _ in range(epochs):
        perm = torch.randperm(len(ytr))
        for lo in range(0, len(ytr), 64):
            b = perm[lo:lo + 64]
            opt.zero_grad()
            F.cross_entropy(q2.forward(xtr[b], luts=luts, ste=True), ytr[b]).backward()
            opt.step()
    return q2


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--axmul", default="")
    ap.add_argument("--quick", action="store_true", help="one noise setting (CI)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless the std criterion on the v2022 mul8u bundle (else the built-in library) "
                         "saves >= 30%% energy at <= 1 point accuracy loss in every setting")
    args = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    os.makedirs(args.work, exist_ok=True)
    axmul = args.axmul
    if not axmul:
        axmul = os.path.join(args.work, "axmul")
        run(["go", "build", "-o", axmul, "./cmd/axmul"], cwd=ROOT)

    xtr, ytr, xte, yte = load_data()
    model = train_float(xtr, ytr, 25)
    model.eval()
    q = QNet(model, xtr)
    with torch.no_grad():
        acc_float = accuracy(model(xte), yte)
        acc_int8 = accuracy(q.forward(xte), yte)
    print(f"float {acc_float:.4f}, exact int8 {acc_int8:.4f}", flush=True)

    libs = {}
    for name, sub in (("v2022 mul8u", "8x8_unsigned"), ("v2022 mul8s", "8x8_signed")):
        src = os.path.join(args.shared, "evoapprox", "v2022", sub)
        dst = os.path.join(args.work, "lib_" + sub)
        if os.path.isdir(src):
            if not os.path.isdir(dst):
                run([axmul, "gen", "--from", src, "-o", dst])
            libs[name] = dst
    libs["built-in"] = ""

    torch.save(xtr, os.path.join(args.work, "batch.pt"))
    lams = [0.02, 0.04, 0.06] if not args.quick else [0.04]
    results = {"float": acc_float, "int8": acc_int8, "settings": []}
    for lam in lams:
        sig = learn_tolerances(q, xtr, ytr, lam, 6)
        with torch.no_grad():
            noisy = np.mean([accuracy(q.forward(xte, noise=sig), yte) for _ in range(5)])
        print(f"lambda {lam}: sigma {sig}, accuracy with Gaussian noise {noisy:.4f}", flush=True)
        mdir = os.path.join(args.work, f"model_l{lam}")
        env = dict(os.environ, PYTHONPATH=HERE + os.pathsep + os.environ.get("PYTHONPATH", ""))
        torch.save({"state": model.state_dict(), "stdev": sig}, os.path.join(args.work, "model.pt"))
        run([sys.executable, os.path.join(ROOT, "scripts", "export_layers.py"), "--model", "digits_model:load",
             "--input", os.path.join(args.work, "batch.pt"), "--out", mdir], env=dict(env, DIGITS_MODEL=os.path.join(args.work, "model.pt")))
        setting = {"lambda": lam, "sigma": sig, "noisy_accuracy": float(noisy), "runs": []}
        for libname, lib in libs.items():
            for crit in ("std", "channel"):
                tag = f"l{lam}_{libname.replace(' ', '_')}_{crit}"
                res = os.path.join(args.work, f"result_{tag}.json")
                cmd = [axmul, "select", "--model", os.path.join(mdir, "model.json"), "--samples", "all",
                       "--orientation", "best", "--criterion", crit, "-o", res]
                if lib:
                    cmd += ["--library", lib]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    setting["runs"].append({"library": libname, "criterion": crit, "error": r.stderr.strip()})
                    print(f"  {libname} {crit}: {r.stderr.strip()}", flush=True)
                    continue
                dep = os.path.join(args.work, f"deploy_{tag}")
                if os.path.isdir(dep):
                    import shutil
                    shutil.rmtree(dep)
                run([axmul, "deploy", "--result", res, "-o", dep] + (["--library", lib] if lib else []))
                rep = os.path.join(args.work, f"validate_{tag}.json")
                run([axmul, "validate", "--model", os.path.join(mdir, "model.json"), "--result", res, "--samples", "all",
                     "-o", rep, "--format", "json"] + (["--library", lib] if lib else []))
                with open(res) as fh:
                    energy = json.load(fh)["relative_energy_consumption"]
                with open(rep) as fh:
                    vals = json.load(fh)["validations"]
                luts = load_luts(dep)
                with torch.no_grad():
                    acc = accuracy(q.forward(xte, luts=luts), yte)
                qf = finetune(q, luts, xtr, ytr, 2 if args.quick else 4)
                with torch.no_grad():
                    acc_ft = accuracy(qf.forward(xte, luts=luts), yte)
                run_ = {"library": libname, "criterion": crit, "relative_energy": energy, "accuracy": acc,
                        "accuracy_finetuned": acc_ft,
                        "layers": [{"layer": v["layer"], "multiplier": v["multiplier"], "port": v["activation_port"],
                                    "ratio": v["ratio"], "fit_ratio": v["fit_ratio"],
                                    "constant_channels": v["constant_channels"]} for v in vals]}
                setting["runs"].append(run_)
                print(f"  {libname} {crit}: energy {energy:.3f}, accuracy {acc:.4f}, fine-tuned {acc_ft:.4f}, "
                      + ", ".join(f"{v['layer']} {v['multiplier']}/{v['activation_port']} ratio {v['ratio']:.2f} fit {v['fit_ratio']:.2f}" for v in vals),
                      flush=True)
        results["settings"].append(setting)
    results["seconds"] = time.time() - t0
    with open(os.path.join(args.work, "results.json"), "w") as fh:
        json.dump(results, fh, indent=2)
    print_table(results)
    print(f"done in {results['seconds']:.0f} s")
    if args.check:
        lib = "v2022 mul8u" if "v2022 mul8u" in libs else "built-in"
        for st in results["settings"]:
            for r in st["runs"]:
                if r["library"] == lib and r["criterion"] == "std":
                    ok = "error" not in r and r["relative_energy"] <= 0.7 and r["accuracy"] >= acc_int8 - 0.01
                    if not ok:
                        sys.exit(f"check failed: lambda {st['lambda']} {lib} std: {r}")
        print(f"check ok: {lib}, std criterion: >= 30% energy saved at <= 1 point accuracy loss")


def print_table(results):
    print(f"\nfloat {results['float']:.4f}, exact int8 {results['int8']:.4f}\n")
    print("| lambda | sigma conv1/conv2/fc | Gaussian-noise acc. | library | criterion | rel. energy | approx. acc. "
          "| fine-tuned | measured/predicted std conv1/conv2/fc |")
    print("|---|---|---|---|---|---|---|---|---|")
    for st in results["settings"]:
        sig = "/".join(f"{st['sigma'][n]:.3f}" for n in LAYERS)
        for r in st["runs"]:
            if "error" in r:
                print(f"| {st['lambda']} | {sig} | {st['noisy_accuracy']:.3f} | {r['library']} | {r['criterion']} "
                      f"| no multiplier fits | | | |")
                continue
            ratios = "/".join(f"{l['ratio']:.2f}" for l in r["layers"])
            print(f"| {st['lambda']} | {sig} | {st['noisy_accuracy']:.3f} | {r['library']} | {r['criterion']} "
                  f"| {r['relative_energy']:.3f} | {r['accuracy']:.3f} | {r['accuracy_finetuned']:.3f} | {ratios} |")


if __name__ == "__main__":
    main()
