"""Writes the PyTorch reference values that Chainrule's nn parity tests compare against.

Generates, under nn/src/test/resources/pytorch/, one small text file per function:
  rms_norm.txt                  RMS normalization over the last axis (inputs [3, 5] and [2, 3, 4])
  erf.txt, gelu.txt, gelu_tanh.txt, silu.txt, elu_alpha_1.txt, elu_alpha_0.5.txt   activations
Each holds float64 inputs, parameters, outputs and the gradients of (y * r).sum() for a fixed random r.

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds. PyTorch 1.13 has
no torch.nn.RMSNorm (it arrived in 2.4), so RMS normalization is computed here with the formula of
torch.nn.RMSNorm: y = x / sqrt(mean(x**2, last axis) + eps) * weight, eps = torch.finfo(float64).eps.

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_reference.py

File format (read by dev.chainrule.nn.PyTorchReference): '#' starts a comment line; each tensor is a
line 'tensor <name> <dim>...' (no dims for a scalar) followed by one line of its values in row-major
order, each written with repr(float): at most 17 significant digits, the shortest string that reads
back as exactly the same double.
"""

import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch"))

# Signed zeros, tiny, moderate and large magnitudes; the random normals are appended per function.
SPECIAL = [0.0, -0.0, 1e-8, -1e-8, 0.5, -0.5, 3.0, -3.0, 10.0, -10.0, 40.0, -40.0]


def fmt(v):
    return repr(float(v))


def cases_file(name, cases, seed, step, script):
    """Runs step(module, shape, generator, tensors, prefix) for each (prefix, description, module, shape) case
    with one generator seeded with seed, and writes all the tensors to OUT/name, describing the cases."""
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for prefix, _, module, shape in cases:
        step(module, shape, generator, tensors, prefix)
    description = "; ".join("'%s' %s on %s" % (p, d, list(s)) for p, d, _, s in cases)
    write(name, description + "; gradients of (y * r).sum()", tensors, script=script)


def write(name, description, tensors, script="generate_reference.py"):
    """Writes the tensors to OUT/name in the PyTorchReference format; the header names the writing script."""
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("# %s\n" % description)
        f.write("# torch %s, float64; written by nn/src/test/python/%s\n" % (torch.__version__, script))
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write("tensor %s%s\n" % (key, "".join(" %d" % d for d in t.shape)))
            f.write(" ".join(fmt(v) for v in t.reshape(-1).tolist()) + "\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def rms_norm(x, weight, eps):
    return x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rms_norm_case(prefix, shape, generator, tensors):
    features = shape[-1]
    eps = torch.finfo(torch.float64).eps
    x = torch.randn(shape, dtype=torch.float64, generator=generator).requires_grad_()
    weight = (1 + 0.5 * torch.randn(features, dtype=torch.float64, generator=generator)).requires_grad_()
    r = torch.randn(shape, dtype=torch.float64, generator=generator)
    y = rms_norm(x, weight, eps)
    grad_x, grad_weight = torch.autograd.grad((y * r).sum(), [x, weight])
    tensors.update({
        prefix + ".x": x, prefix + ".weight": weight, prefix + ".r": r,
        prefix + ".y": y, prefix + ".grad_x": grad_x, prefix + ".grad_weight": grad_weight,
    })


def activation(name, description, function, seed):
    generator = torch.Generator().manual_seed(seed)
    random = 3 * torch.randn(20, dtype=torch.float64, generator=generator)
    x = torch.cat([torch.tensor(SPECIAL, dtype=torch.float64), random]).requires_grad_()
    r = torch.randn(x.shape, dtype=torch.float64, generator=generator)
    y = function(x)
    (grad_x,) = torch.autograd.grad((y * r).sum(), [x])
    write(name, description, {"x": x, "r": r, "y": y, "grad_x": grad_x})


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)

    generator = torch.Generator().manual_seed(2024)
    tensors = {}
    rms_norm_case("rank2", (3, 5), generator, tensors)
    rms_norm_case("rank3", (2, 3, 4), generator, tensors)
    write("rms_norm.txt",
          "RMS normalization over the last axis, eps = finfo(float64).eps = %r; gradients of (y * r).sum()"
          % torch.finfo(torch.float64).eps, tensors)

    activation("erf.txt", "torch.erf; gradient of (y * r).sum()", torch.erf, 1)
    activation("gelu.txt", "F.gelu (exact, erf); gradient of (y * r).sum()", F.gelu, 2)
    activation("gelu_tanh.txt", "F.gelu(approximate='tanh'); gradient of (y * r).sum()",
               lambda x: F.gelu(x, approximate="tanh"), 3)
    activation("silu.txt", "F.silu; gradient of (y * r).sum()", F.silu, 4)
    activation("elu_alpha_1.txt", "F.elu(alpha=1.0); gradient of (y * r).sum()",
               lambda x: F.elu(x, alpha=1.0), 5)
    activation("elu_alpha_0.5.txt", "F.elu(alpha=0.5); gradient of (y * r).sum()",
               lambda x: F.elu(x, alpha=0.5), 6)


if __name__ == "__main__":
    main()
